package io.mlsteps.jenkins.results;

import hudson.model.Action;
import hudson.model.ItemGroup;
import hudson.model.Job;
import hudson.model.Result;
import hudson.model.Run;
import io.mlsteps.contract.gate.Direction;
import io.mlsteps.contract.gate.QualityGate;
import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.result.Outcome;
import io.mlsteps.jenkins.engine.ContractResult;
import io.mlsteps.jenkins.engine.EngineResult;
import io.mlsteps.jenkins.trend.StepRecord;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job's trends come from its recent builds with ML results, whatever their result, and are read once per new
 * build or new result, not on every view of the job page.
 */
class MlJobActionTest {
    static final class TestJob extends Job<TestJob, TestRun> {
        final List<TestRun> builds = new ArrayList<>();

        TestJob() {
            super((ItemGroup) null, "monitor");
        }

        TestRun newBuild(Result result) throws IOException {
            TestRun run = new TestRun(this, builds.size() + 1);
            run.setResult(result);
            builds.add(run);
            return run;
        }

        @Override
        public TestRun getLastBuild() {
            return builds.isEmpty() ? null : builds.get(builds.size() - 1);
        }

        @Override
        public TestRun getBuildByNumber(int n) {
            return n >= 1 && n <= builds.size() ? builds.get(n - 1) : null;
        }
    }

    static final class TestRun extends Run<TestJob, TestRun> {
        private final TestJob job;
        private final int number;
        int reads;

        TestRun(TestJob job, int number) throws IOException {
            super(job);
            this.job = job;
            this.number = number;
        }

        @Override
        public <T extends Action> T getAction(Class<T> type) {
            reads++;
            return super.getAction(type);
        }

        @Override
        public int getNumber() {
            return number;
        }

        @Override
        public TestRun getPreviousBuild() {
            return number > 1 ? job.builds.get(number - 2) : null;
        }

        @Override
        public File getRootDir() {
            return new File("unused");
        }
    }

    private static void driftResult(TestRun run, double share) {
        String json = String.format(Locale.ROOT, """
                {"schemaVersion":1,"step":"checkDrift","status":"FAILURE","passed":false,
                 "checks":[{"name":"gate:drift_share","metric":"drift_share","observed":%s,"expected":"<= 0.3",
                            "criticality":"FAILURE","outcome":"FAILED","message":"drift_share too high"}],
                 "metrics":{"drift_share":%s}}
                """, share, share);
        EngineResult result = EngineResult.parse(json);
        Outcome outcome = Outcome.of("checkDrift", ContractResult.of(result), 2, true);
        QualityGate gate = new QualityGate("drift_share", 0.3, null, null, null, null, Criticality.FAILURE,
                Direction.LOWER_IS_BETTER);
        MlRunAction action = MlRunAction.forRun(run);
        action.add(StepRecord.of("checkDrift", action.nextDir("checkDrift"), result, outcome, List.of(gate)));
    }

    private static MlJobAction view(TestJob job) {
        Collection<? extends Action> actions = new MlJobAction.Factory().createFor(job);
        return actions.isEmpty() ? null : (MlJobAction) actions.iterator().next();
    }

    @Test
    void aDriftMonitorWhoseBuildsAllFailHasItsTrend() throws Exception {
        TestJob job = new TestJob();
        for (double share : new double[] {0.4, 0.5, 0.6}) {
            driftResult(job.newBuild(Result.FAILURE), share);
        }
        MlJobAction trends = view(job);
        assertThat(trends).as("the ML trends action on a job without a successful build").isNotNull();
        assertThat(trends.isHasDrift()).isTrue();
        assertThat(trends.getTrendMetrics()).containsExactly("drift_share");
        assertThat(MlJobAction.trendsOf(job).points()).extracting(p -> p.build()).containsExactly(3, 2, 1);
    }

    @Test
    void aJobWithoutMlResultsGetsNoTrendsAndTheLatestBuildsWithResultsCount() throws Exception {
        TestJob job = new TestJob();
        job.newBuild(Result.SUCCESS);
        assertThat(view(job)).isNull();
        driftResult(job.newBuild(Result.FAILURE), 0.2);
        job.newBuild(Result.SUCCESS); // a build that ran no ML step does not hide the trend
        MlJobAction trends = view(job);
        assertThat(trends).isNotNull();
        assertThat(MlJobAction.trendsOf(job).points()).extracting(p -> p.build()).containsExactly(2);
    }

    @Test
    void viewsReadTheBuildsOncePerNewResultAndTheChartsTimestampMoves() throws Exception {
        TestJob job = new TestJob();
        for (int i = 0; i < 30; i++) {
            driftResult(job.newBuild(Result.FAILURE), 0.1 + i / 100.0);
        }
        MlJobAction first = view(job);
        long firstStamp = first.getUpdated();
        int readsOfOldBuilds = job.builds.get(0).reads;
        for (int i = 0; i < 5; i++) {
            view(job);
        }
        assertThat(job.builds.get(0).reads).as("older builds are not read again per view").isEqualTo(readsOfOldBuilds);

        TestRun running = job.newBuild(Result.SUCCESS);
        assertThat(view(job).getUpdated()).as("a new build without results yet adds no point").isEqualTo(firstStamp);
        Thread.sleep(2);
        driftResult(running, 0.9);
        MlJobAction after = view(job);
        assertThat(after.getUpdated()).as("a new point changes the charts' timestamp").isGreaterThan(firstStamp);
        assertThat(MlJobAction.trendsOf(job).points()).hasSize(31);
    }
}
