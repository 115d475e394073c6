package io.mlsteps.deploy;

import io.mlsteps.testing.Req;

import io.mlsteps.contract.steps.DeployModelRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.run.StepRunner;
import io.mlsteps.contract.result.StepStatus;
import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rendering, validation and the render-only fallback of the kubernetes target, with a real model file. */
class KubernetesTargetTest {
    @TempDir
    Path dir;

    private StepResult deploy(String strategy, double percent) throws Exception {
        Req<DeployModelRequest> r = Req.of(DeployModelRequest.class);
        r.set("modelFile", TestModels.adultLogistic(5, List.of()).toString());
        r.set("name", "Adult_Income");
        r.set("version", "7");
        r.set("target", "kubernetes");
        r.set("strategy", strategy);
        r.set("canaryPercent", percent);
        r.set("replicas", 4);
        r.set("image", "registry.example/mlsteps-adult:7");
        r.set("namespace", "ml");
        r.set("apply", false);
        return new StepRunner().run(new DeployModelStep(), r.build(),
                new StepContext(dir, dir.resolve("out"), StepLog.silent(), Map.of()));
    }

    @Test
    void rendersACanaryDeploymentWeightedByReplicasAndAServiceOverBoth() throws Exception {
        StepResult r = deploy("canary", 25);
        assertThat(r.getStatus()).isEqualTo(StepStatus.SUCCESS);
        assertThat(r.getDetails().get("applied")).isEqualTo(false);
        assertThat(r.getChecks()).anyMatch(c -> c.name().equals("kubernetes:manifests") && c.outcome() == CheckOutcome.PASSED);
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode canary = yaml.readTree(dir.resolve("out/kubernetes/mlsteps-adult-income-canary-deployment.yaml").toFile());
        assertThat(canary.at("/kind").asText()).isEqualTo("Deployment");
        assertThat(canary.at("/metadata/namespace").asText()).isEqualTo("ml");
        assertThat(canary.at("/spec/replicas").asInt()).isEqualTo(1);  // 25 % of 4
        assertThat(canary.at("/spec/selector/matchLabels/mlsteps.io~1track").asText()).isEqualTo("canary");
        assertThat(canary.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("registry.example/mlsteps-adult:7");
        assertThat(canary.at("/spec/template/spec/containers/0/readinessProbe/httpGet/path").asText()).isEqualTo("/ready");
        JsonNode service = yaml.readTree(dir.resolve("out/kubernetes/mlsteps-adult-income-service.yaml").toFile());
        assertThat(service.at("/spec/selector").size()).isEqualTo(1);  // both tracks
        assertThat(service.at("/spec/selector/app.kubernetes.io~1name").asText()).isEqualTo("mlsteps-adult-income");
    }

    @Test
    void validationNamesBrokenManifests() {
        Req<DeployModelRequest> r = Req.of(DeployModelRequest.class);
        r.set("replicas", 2);
        r.set("namespace", "Not_A_Label");
        r.set("port", 8080);
        r.set("image", "bad image");
        var files = KubernetesTarget.render(r.build(), new DeployModelStep.Resolved("m", "1", "m@1", "0".repeat(64),
                dir, "model:m@1", null));
        assertThat(KubernetesTarget.validate(files)).anyMatch(p -> p.contains("namespace 'Not_A_Label'"))
                .anyMatch(p -> p.contains("image 'bad image'"));
    }

    @Test
    void shadowIsNotAKubernetesStrategy() {
        assertThatThrownBy(() -> deploy("shadow", 10)).isInstanceOf(InputException.class)
                .hasMessageContaining("shadow needs the local or docker target");
    }
}
