package dev.sluice.it;

import dev.sluice.cli.DeadLettersCommand;
import dev.sluice.cli.PlanCommand;
import dev.sluice.cli.SettingsArgs;
import dev.sluice.config.SluiceConfig;
import dev.sluice.modes.SluiceApplication;
import dev.sluice.schemas.DeadLetter;
import dev.sluice.schemas.FileAnalysis;
import dev.sluice.testkit.Accounting;
import dev.sluice.testkit.CommittedRecords;
import dev.sluice.testkit.Discovery;
import dev.sluice.testkit.GroupProgress;
import dev.sluice.testkit.TestCorpus;
import dev.sluice.testkit.TestTopics;
import dev.sluice.testkit.junit.LocalStackExtension;
import dev.sluice.testkit.stack.LocalStack;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The control page in a real browser (Debian's chromium, headless), against the test kit's broker and registry. */
@Tag("integration")
@Timeout(240)
@ExtendWith(LocalStackExtension.class)
class ControlPageIntegrationTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void shouldLoadWithoutConsoleErrorsAndShowEveryInputPartition(LocalStack stack, @TempDir Path temp)
            throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        TestCorpus.write(repo, 120);
        // A file id is data: the page must show it as text, never run it.
        Files.writeString(repo.resolve("<img src=x onerror=document.title='owned'>.py.json"), "not JSON");
        SluiceConfig config = TestTopics.freshConfig(stack, temp.resolve("state"));
        try (SluiceApplication app = SluiceApplication.start(config); HeadlessChromium browser = new HeadlessChromium()) {
            awaitRunning(app);
            Discovery.discover(config, repo);
            browser.open(page(app));

            int partitions = 2 * config.getInt(SluiceConfig.TOPIC_PARTITIONS_CONFIG);
            await().atMost(WAIT).untilAsserted(() -> assertThat(browser.count("#partitions tbody tr"))
                    .isEqualTo(partitions));
            for (String topic : List.of(config.topicDiscovered(), config.topicChanged())) {
                for (int partition = 0; partition < partitions / 2; partition++) {
                    assertThat(browser.count("#partitions tr[data-partition='" + topic + "-" + partition + "']"))
                            .isEqualTo(1);
                }
            }
            await().atMost(WAIT).untilAsserted(() -> assertThat(processed(browser)).isEqualTo(121));
            assertThat(browser.text("#instances tbody tr .state")).isEqualTo("running");
            // The recent batches come with the page's next refresh after the last batch went out.
            await().atMost(WAIT).untilAsserted(() -> assertThat(browser.count("#recent tbody tr")).isPositive());
            browser.click("#dead-letters-load");
            await().atMost(WAIT).until(() -> browser.text("#dead-letter-list").contains("<img src=x"));
            assertThat(browser.count("#dead-letter-list img")).isZero();
            assertThat(browser.title()).isEqualTo("Sluice");
            assertThat(browser.consoleProblems()).isEmpty();
        }
    }

    @Test
    void shouldStopProcessingAndCommittingWhilePausedAndMoveAgainOnResume(LocalStack stack, @TempDir Path temp)
            throws Exception {
        Path first = Files.createDirectories(temp.resolve("first"));
        Path second = Files.createDirectories(temp.resolve("second"));
        TestCorpus.write(first, 100);
        TestCorpus.write(second, 150);
        SluiceConfig config = TestTopics.freshConfig(stack, temp.resolve("state"));
        try (SluiceApplication app = SluiceApplication.start(config); HeadlessChromium browser = new HeadlessChromium()) {
            awaitRunning(app);
            browser.open(page(app));
            Discovery.discover(config, first);
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(processed(browser)).isEqualTo(100);
                assertThat(GroupProgress.committedInput(config)).isEqualTo(100);
            });

            browser.click("#pause-all");
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(browser.text("#instances tbody tr .state")).isEqualTo("paused");
                assertThat(browser.text("#banner")).startsWith("Paused: ");
            });
            assertThat(app.streams().isPaused()).isTrue();
            Discovery.discover(config, second);
            await().atMost(WAIT).untilAsserted(() -> assertThat(Long.parseLong(browser.text("#backlog")))
                    .isGreaterThanOrEqualTo(150));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(processed(browser)).isEqualTo(100);
                assertThat(GroupProgress.committedInput(config)).isEqualTo(100);
            });

            browser.click("#resume-all");
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(processed(browser)).isEqualTo(250);
                assertThat(GroupProgress.committedInput(config)).isGreaterThanOrEqualTo(250);
                assertThat(browser.text("#instances tbody tr .state")).isEqualTo("running");
            });
            assertThat(browser.text("#banner")).isEmpty();
            assertThat(browser.consoleProblems()).isEmpty();
        }
    }

    @Test
    void shouldPauseAndResumeEveryInstanceFromThePageOfOne(LocalStack stack, @TempDir Path temp) throws Exception {
        SluiceConfig config = TestTopics.freshConfig(stack, temp.resolve("state-a"));
        SluiceConfig other = config.with(Map.of(SluiceConfig.STATE_DIR_CONFIG, temp.resolve("state-b").toString()));
        try (SluiceApplication a = SluiceApplication.start(config); SluiceApplication b = SluiceApplication.start(other);
             HeadlessChromium browser = new HeadlessChromium()) {
            awaitRunning(a);
            awaitRunning(b);
            browser.open(page(a));
            await().atMost(WAIT).until(() -> browser.count("#instances tbody tr") == 2);

            browser.click("#pause-all");
            await().atMost(WAIT).until(() -> a.streams().isPaused() && b.streams().isPaused());
            await().atMost(WAIT).until(() -> browser.count("#instances tbody tr .state-paused") == 2);
            browser.click("#resume-self");
            await().atMost(WAIT).until(() -> !a.streams().isPaused());
            assertThat(b.streams().isPaused()).as("only this instance resumed").isTrue();
            browser.click("#resume-all");
            await().atMost(WAIT).until(() -> !b.streams().isPaused());
            assertThat(browser.consoleProblems()).isEmpty();
        }
    }

    @Test
    void shouldRefuseAPostWithoutTheTokenWhenTheEndpointIsNotOnLoopback(LocalStack stack, @TempDir Path temp)
            throws Exception {
        SluiceConfig config = TestTopics.freshConfig(stack, temp.resolve("state"), Map.of(
                SluiceConfig.HTTP_HOST_CONFIG, "0.0.0.0", SluiceConfig.HTTP_ADVERTISED_HOST_CONFIG, "127.0.0.1",
                SluiceConfig.HTTP_ADMIN_TOKEN_CONFIG, "let-me-in"));
        try (SluiceApplication app = SluiceApplication.start(config)) {
            awaitRunning(app);
            assertThat(post(app, "/api/pause", null).statusCode()).isEqualTo(401);
            assertThat(post(app, "/api/pause", "guess").statusCode()).isEqualTo(401);
            assertThat(get(app, "/api/pause").statusCode()).as("nothing changes on a GET").isEqualTo(405);
            assertThat(app.streams().isPaused()).isFalse();
            assertThat(get(app, "/api/status").body()).contains("\"tokenRequired\":true").doesNotContain("let-me-in");

            assertThat(post(app, "/api/pause", "let-me-in").statusCode()).isEqualTo(200);
            assertThat(app.streams().isPaused()).isTrue();
            assertThat(post(app, "/api/resume", "let-me-in").statusCode()).isEqualTo(200);
            assertThat(app.streams().isPaused()).isFalse();

            try (HeadlessChromium browser = new HeadlessChromium()) {
                browser.open(page(app));
                await().atMost(WAIT).until(() -> browser.find("#token-field").isDisplayed());
                browser.click("#pause-self");
                await().atMost(WAIT).until(() -> browser.text("#action-result").startsWith("refused"));
                assertThat(app.streams().isPaused()).isFalse();
                browser.find("#token").sendKeys("let-me-in");
                browser.click("#pause-self");
                await().atMost(WAIT).until(() -> app.streams().isPaused());
            }
        }
    }

    @Test
    void shouldRefuseACrossOriginPostOnLoopback(LocalStack stack, @TempDir Path temp) throws Exception {
        SluiceConfig config = TestTopics.freshConfig(stack, temp.resolve("state"));
        try (SluiceApplication app = SluiceApplication.start(config)) {
            awaitRunning(app);
            HttpResponse<String> foreign = HTTP.send(HttpRequest.newBuilder(uri(app, "/api/pause"))
                    .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(foreign.statusCode()).isEqualTo(403);
            assertThat(app.streams().isPaused()).isFalse();
            assertThat(post(app, "/api/pause", null).statusCode()).as("loopback needs no token").isEqualTo(200);
            assertThat(app.streams().isPaused()).isTrue();
        }
    }

    /**
     * How far the expected speed-up may be from the one reached on the same backlog. The estimate is made of costs
     * measured on this machine, which other builds share (2 cores); a run of a few hundred events lasts about a
     * second, so one scheduling stall of 100 ms moves the reached figure by tens of percent. 3x allows for that
     * noise and still fails an estimate of fixed guesses, which was 38x off here (118.2x expected, 3.1x reached).
     */
    static final double ESTIMATE_FACTOR = 3;

    @Test
    void shouldPreviewTheBatchesThatPlanPrintsThenRunThemAndShowTheSpeedUpReached(LocalStack stack, @TempDir Path temp)
            throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        TestCorpus.write(repo, 450);
        for (int i = 0; i < 30; i++) {
            Files.writeString(repo.resolve("j" + i + ".js.json"), "{\"type\":\"Program\",\"body\":[]}");
        }
        Path later = Files.createDirectories(temp.resolve("later"));
        TestCorpus.write(later, 1);
        Path second = Files.createDirectories(temp.resolve("second"));
        TestCorpus.write(second, 400);
        // Batches of 50: the first run's summaries then hold enough full batches of a drained backlog for the
        // second preview to measure the stream work on them.
        SluiceConfig config = TestTopics.freshConfig(stack, temp.resolve("state"),
                Map.of(SluiceConfig.TOPIC_PARTITIONS_CONFIG, 1, SluiceConfig.MAX_BATCH_FILES_CONFIG, 50));
        try (SluiceApplication app = SluiceApplication.start(config); HeadlessChromium browser = new HeadlessChromium()) {
            awaitRunning(app);
            browser.open(page(app));
            await().atMost(WAIT).until(() -> browser.count("#instances tbody tr") == 1);
            browser.click("#pause-all");
            await().atMost(WAIT).until(() -> browser.text("#instances tbody tr .state").equals("paused"));
            Discovery.discover(config, repo);
            await().atMost(WAIT).until(() -> Long.parseLong(browser.text("#backlog")) >= 480);

            browser.click("#preview");
            await().atMost(WAIT).until(() -> browser.text("#preview-state").equals("up to date"));
            String plan = plan(config);
            List<String> planRows = rows(plan);
            assertThat(planRows).as(plan).containsExactly("ast:javascript 30 30 1", "ast:python 450 450 9");
            assertThat(pageRows(browser, "#preview-strict")).as("the current (strict) grouping, as plan prints it")
                    .isEqualTo(planRows);
            assertThat(browser.count("#preview-mixed tbody tr")).isPositive();
            // No history yet: the analysis is calibrated on the waiting files, the commit timed on the cluster;
            // plan and page measure the same way and say so.
            String costs = costRows(browser);
            assertThat(costs).contains("calibration: 16 waiting files analysed")
                    .contains("calibration: median of 5 transactions on the cluster");
            assertThat(plan).contains("calibration: 16 waiting files analysed")
                    .contains("calibration: median of 5 transactions on the cluster");
            // Measured twice (plan, page) on a shared machine: the commit timing alone varied 4x between the two,
            // so both must show a figure from the same sources, not the same digits.
            assertThat(speedup(browser.text("#strict-speedup"))).as(plan).isPositive();
            assertThat(planSpeedup(plan)).as(plan).isPositive();

            Discovery.discover(config, later);
            await().atMost(WAIT).until(() -> browser.text("#preview-state").startsWith("stale"));

            browser.click("#run");
            await().atMost(WAIT).until(() -> browser.text("#run-result").contains("speed-up reached"));
            assertThat(browser.text("#run-result")).contains("481 events").contains("expected");
            assertThat(GroupProgress.committedInput(config)).isGreaterThanOrEqualTo(481);
            assertThat(browser.text("#instances tbody tr .state")).isEqualTo("running");
            // With no history the stream work is assumed (and says so), so this run's figures are reported, not
            // held to the factor: a fresh JVM's first batches run far slower than the benchmark's figure.
            assertThat(costs).contains("stream work | ").contains("| assumed: fewer than 3 close-to-close gaps");
            System.out.printf("control page first run (no history): %s%n  costs: %s%n", browser.text("#run-result"),
                    costs);

            // A second backlog, previewed with the first run's batch summaries as history.
            browser.click("#pause-all");
            await().atMost(WAIT).until(() -> browser.text("#instances tbody tr .state").equals("paused"));
            long before = GroupProgress.committedInput(config);
            Discovery.discover(config, second);
            await().atMost(WAIT).until(() -> Long.parseLong(browser.text("#backlog")) >= 400);
            browser.click("#preview");
            await().atMost(WAIT).until(() -> browser.text("#preview-state").equals("up to date")
                    && browser.text("#preview-summary").startsWith("400 events"));
            String measured = costRows(browser);
            assertThat(measured).as("analysis and stream work fitted to the first run's summaries")
                    .containsPattern("analysis ast:python \\| [^|]+ \\| batch summaries: \\d+ batches")
                    .containsPattern("stream work \\| [^|]+ \\| batch summaries: \\d+ close-to-close gaps");
            browser.click("#run");
            String secondRun = await().atMost(WAIT).until(() -> browser.text("#run-result"),
                    text -> text.contains("speed-up reached") && text.contains("400 events"));
            // The page says drained once the group's committed offsets reached the previewed end. A read just after
            // once found 481 of 881 (CI, once in many runs): the page's status is printed when a read falls short,
            // the offsets must get there, and the outputs must add up exactly, since offsets that went back would
            // re-read events and count them twice.
            long committed = GroupProgress.committedInput(config);
            if (committed < before + 400) {
                System.out.printf("committed input %d < %d just after the page said drained; status: %s%n",
                        committed, before + 400, get(app, "/api/status").body());
            }
            GroupProgress.awaitCommitted(config, before + 400, WAIT);
            Accounting.assertBalanced(config, 881, 881, 0);
            // Once drained, the page keeps saying so: the answer to the click may arrive after the drain.
            assertThat(browser.text("#run-result")).isEqualTo(secondRun);
            assertEstimateHonest(secondRun, measured);
            browser.click("body");
            // The README's picture (ops/docs/control-page.png) is this one, copied by hand.
            browser.screenshot(Path.of("target", "control-page.png"));
            assertThat(browser.consoleProblems()).isEmpty();
        }
    }

    /** The run's expected speed-up is within {@link #ESTIMATE_FACTOR} of the one it reached. */
    private static void assertEstimateHonest(String runResult, String costs) {
        Matcher figures = Pattern.compile("speed-up reached ([0-9.]+)x, expected ([0-9.]+)x").matcher(runResult);
        assertThat(figures.find()).as(runResult).isTrue();
        double reached = Double.parseDouble(figures.group(1));
        double expected = Double.parseDouble(figures.group(2));
        System.out.printf("control page run: %s%n  costs: %s%n", runResult, costs);
        assertThat(expected).as("%s; costs: %s", runResult, costs)
                .isBetween(reached / ESTIMATE_FACTOR, reached * ESTIMATE_FACTOR);
    }

    /** The costs table of the preview, a line per cost: "cost | figure | source". */
    private static String costRows(HeadlessChromium browser) {
        StringBuilder rows = new StringBuilder();
        for (int row = 1; row <= browser.count("#preview-costs tbody tr"); row++) {
            for (int column = 1; column <= 3; column++) {
                rows.append(column == 1 ? "" : " | ").append(browser.text("#preview-costs tbody tr:nth-child(" + row
                        + ") td:nth-child(" + column + ")"));
            }
            rows.append('\n');
        }
        return rows.toString();
    }

    private static double speedup(String text) {
        Matcher figure = Pattern.compile("^([0-9.]+)x").matcher(text);
        assertThat(figure.find()).as(text).isTrue();
        return Double.parseDouble(figure.group(1));
    }

    private static double planSpeedup(String plan) {
        Matcher expected = Pattern.compile("Expected speed-up against one by one: ([0-9.]+)x").matcher(plan);
        assertThat(expected.find()).as(plan).isTrue();
        return Double.parseDouble(expected.group(1));
    }

    @Test
    void shouldAnalyseADeadLetterReplayedFromThePageOnceTheFileIsFixedAndBringBackAStillBrokenOneOnce(
            LocalStack stack, @TempDir Path temp) throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        TestCorpus.write(repo, 10);
        Path fixed = Files.writeString(repo.resolve("fixed.py.json"), "this is not JSON");
        Files.writeString(repo.resolve("broken.py.json"), "nor is this");
        SluiceConfig config = TestTopics.freshConfig(stack, temp.resolve("state"),
                Map.of(SluiceConfig.TOPIC_PARTITIONS_CONFIG, 1));
        try (SluiceApplication app = SluiceApplication.start(config); HeadlessChromium browser = new HeadlessChromium()) {
            awaitRunning(app);
            Discovery.discover(config, repo);
            assertThat(CommittedRecords.<DeadLetter>read(config, config.topicDeadLetter(), CommittedRecords.atLeast(2),
                    WAIT)).extracting(record -> record.value().getReason()).containsOnly("NOT_JSON");
            Files.writeString(fixed, TestCorpus.python(3));

            browser.open(page(app));
            browser.click("#dead-letters-load");
            await().atMost(WAIT).until(() -> browser.count("#dead-letter-list tbody tr") == 2);
            browser.click("#dead-letter-reasons input[data-reason='NOT_JSON']");
            browser.click("#replay");
            await().atMost(WAIT).until(() -> browser.text("#replay-result").equals("2 replayed"));

            List<ConsumerRecord<String, FileAnalysis>> analyses = CommittedRecords.read(config, config.topicAnalysis(),
                    records -> records.stream().anyMatch(record -> record.key().endsWith("fixed.py.json")), WAIT);
            assertThat(analyses).filteredOn(record -> record.key().endsWith("fixed.py.json")).hasSize(1);
            List<ConsumerRecord<String, DeadLetter>> letters = CommittedRecords.read(config, config.topicDeadLetter(),
                    CommittedRecords.atLeast(3), WAIT);
            assertThat(letters).as("the still broken file came back once").hasSize(3)
                    .filteredOn(record -> record.key().endsWith("broken.py.json")).hasSize(2);

            // Neither the still broken file's first dead letter (replayed, failed again) nor its replay's goes back.
            String brokenId = letters.stream().map(ConsumerRecord::key).filter(key -> key.endsWith("broken.py.json"))
                    .findFirst().orElseThrow();
            assertThat(cli(new DeadLettersCommand.Replay(), config, "--file", brokenId))
                    .contains("0 dead letters replayed");
            assertThat(cli(new DeadLettersCommand.ListLetters(), config)).contains("3 dead letters")
                    .containsPattern("0:[0-9]+ +NOT_JSON +replay +\\S+broken.py.json");
            browser.click("#dead-letters-load");
            await().atMost(WAIT).until(() -> browser.count("#dead-letter-list tbody tr") == 3);
            assertThat(browser.text("#dead-letter-list")).contains("is a replay").contains("replayed, failed again");

            browser.find("#file-id").sendKeys(brokenId);
            browser.click("#file-form button");
            await().atMost(WAIT).until(() -> browser.count("#file-dead-letters tbody tr") == 2);
            assertThat(browser.text("#file-result")).contains(brokenId).contains("FAILED").contains("batchId");
            assertThat(CommittedRecords.<DeadLetter>read(config, config.topicDeadLetter(), CommittedRecords.atLeast(4),
                    Duration.ofSeconds(3))).as("no loop").hasSize(3);
            assertThat(browser.consoleProblems()).isEmpty();
        }
    }

    private static String cli(Object command, SluiceConfig config, String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        if (command instanceof DeadLettersCommand.Replay replay) {
            replay.out = out;
        } else if (command instanceof DeadLettersCommand.ListLetters list) {
            list.out = out;
        }
        List<String> all = new java.util.ArrayList<>(SettingsArgs.of(config, Map.of()));
        all.addAll(List.of(args));
        int exit = new CommandLine(command).execute(all.toArray(String[]::new));
        String output = buffer.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(output).isZero();
        return output;
    }

    /** The signature rows of plan's table (the total and headings left out), as "signature events files batches". */
    private static List<String> rows(String plan) {
        return plan.lines().filter(line -> line.matches("\\S+:\\S+\\s+[0-9,]+\\s+[0-9,]+\\s+[0-9,]+\\s.*"))
                .map(line -> String.join(" ", List.of(line.trim().split("\\s+")).subList(0, 4)).replace(",", ""))
                .toList();
    }

    private static List<String> pageRows(HeadlessChromium browser, String table) {
        List<String> rows = new java.util.ArrayList<>();
        for (int row = 1; row <= browser.count(table + " tbody tr"); row++) {
            StringBuilder line = new StringBuilder();
            for (int column = 1; column <= 4; column++) {
                line.append(column == 1 ? "" : " ").append(browser.text(table + " tbody tr:nth-child(" + row
                        + ") td:nth-child(" + column + ")"));
            }
            if (!line.toString().startsWith("total ")) {
                rows.add(line.toString());
            }
        }
        return rows;
    }

    private static String plan(SluiceConfig config) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PlanCommand plan = new PlanCommand();
        plan.out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        int exit = new CommandLine(plan).execute(SettingsArgs.of(config, Map.of()).toArray(String[]::new));
        String output = buffer.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(output).isZero();
        return output;
    }

    private static int processed(HeadlessChromium browser) {
        return Integer.parseInt(browser.text("#instances tbody tr .events"));
    }

    static String page(SluiceApplication app) {
        return "http://127.0.0.1:" + app.httpPort() + "/";
    }

    static void awaitRunning(SluiceApplication app) {
        await().atMost(WAIT).until(() -> app.state() == KafkaStreams.State.RUNNING);
    }

    private static URI uri(SluiceApplication app, String path) {
        return URI.create("http://127.0.0.1:" + app.httpPort() + path);
    }

    private static HttpResponse<String> get(SluiceApplication app, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(app, path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(SluiceApplication app, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(app, path)).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("X-Sluice-Token", token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
