package io.mlsteps.cli;

import io.mlsteps.deploy.DeployRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mlsteps undeploy}: the deployModel step with {@code action: 'stop'}. Its result goes to
 * {@code <run-dir>/undeploy/} so that it does not replace the last deployment's. Reference: docs/steps/deployModel.md.
 */
@Command(name = "undeploy", mixinStandardHelpOptions = true, sortOptions = false,
        description = "deployModel action 'stop': stop what was deployed of a model on a target: the server the "
                + "deployment state names and any other server started from the same deployment folder (local "
                + "processes, Docker containers), or its Deployments and Service (kubernetes, with kubectl). "
                + "The registry and its aliases are not touched.")
public class UndeployCommand extends StepCommand<DeployRequest> {
    @Option(names = "--model", paramLabel = "NAME", description = "The model to stop (a reference's version part is ignored).")
    String model;
    @Option(names = "--target", description = "local (default), docker or kubernetes.")
    String target;
    @Option(names = "--deploy-dir", paramLabel = "DIR", description = "The deployment folder (default ~/.mlsteps/deployments).")
    String deployDir;
    @Option(names = "--docker-host", paramLabel = "URI", description = "Docker engine (default DOCKER_HOST or the local socket).")
    String dockerHost;
    @Option(names = "--namespace", description = "Kubernetes namespace (default default).")
    String namespace;

    @Override
    protected String stepName() {
        return "deployModel";
    }

    @Override
    public Integer call() throws Exception {
        if (common.out == null) {
            common.out = common.runDir.resolve("undeploy");
        }
        return super.call();
    }

    @Override
    protected void applyFlags(DeployRequest r) {
        r.action = "stop";
        if (model != null) r.model = model;
        if (target != null) r.target = target;
        if (deployDir != null) r.deployDir = deployDir;
        if (dockerHost != null) r.dockerHost = dockerHost;
        if (namespace != null) r.namespace = namespace;
    }
}
