package io.botgrid.it.bots;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.cli.BotgridCli;
import io.botgrid.testkit.TestCluster;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code botgrid bots ...} and {@code botgrid chat}, in-process, against a real 2-node cluster. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BotCliTest {
    private static TestCluster cluster;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        cluster = BotTestSupport.cluster(b -> b);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run chat(String input, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = BotgridCli.commandLine(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Run run(String... args) {
        return chat("", args);
    }

    private static String endpoint() {
        return BotTestSupport.endpoint(cluster, 1);
    }

    @Test
    void createsListsShowsChangesAndDeletesBots() throws Exception {
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, BotTestSupport.GOOD_RULES);
        Run created = run("bots", "create", "-e", endpoint(), "--id", "cli-rules", "--name", "CLI rules",
                "--handler", "rules", "--settings-file", rules.toString());
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("id:        cli-rules").contains("state:     ACTIVE")
                .contains("fallback: \"Sorry, I did not get that.\"");

        Run list = run("bots", "list", "-e", endpoint());
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).containsPattern("cli-rules\\s+CLI rules\\s+rules\\s+ACTIVE");

        Run renamed = run("bots", "update", "cli-rules", "-e", endpoint(), "--name", "Renamed");
        assertThat(renamed.exit()).as(renamed.err()).isZero();
        assertThat(renamed.out()).contains("name:      Renamed").contains("handler:   rules");

        Run paused = run("bots", "pause", "cli-rules", "-e", endpoint());
        assertThat(paused.out()).contains("state:     PAUSED");
        assertThat(run("bots", "list", "-e", endpoint(), "--state", "paused").out()).contains("cli-rules");
        assertThat(run("bots", "list", "-e", endpoint(), "--state", "active").out()).doesNotContain("cli-rules");

        Run connected = run("bots", "connect", "cli-rules", "-e", endpoint(), "--webhook-secret",
                "whsec-0123456789abcdef", "--webhook-url", "http://127.0.0.1:9/replies");
        assertThat(connected.exit()).as(connected.err()).isZero();
        assertThat(connected.out()).contains("channel:   WEBHOOK").doesNotContain("whsec-0123456789abcdef")
                .contains("ingress /webhook/cli-rules");

        Run deleted = run("bots", "delete", "cli-rules", "-e", endpoint());
        assertThat(deleted.exit()).isZero();
        assertThat(deleted.out()).contains("deleted bot cli-rules");
        Run gone = run("bots", "get", "cli-rules", "-e", endpoint());
        assertThat(gone.exit()).isEqualTo(2);
        assertThat(gone.err()).startsWith("botgrid: NOT_FOUND").contains("cli-rules");
    }

    @Test
    void refusalsAreReportedPlainly() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, BotTestSupport.BAD_RULES);
        Run invalid = run("bots", "create", "-e", endpoint(), "--id", "cli-bad", "--name", "Bad", "--handler",
                "rules", "--settings-file", bad.toString());
        assertThat(invalid.exit()).isEqualTo(2);
        assertThat(invalid.err()).startsWith("botgrid: INVALID_ARGUMENT").contains("line 4")
                .doesNotContain("\tat ");

        Run missingFile = run("bots", "create", "-e", endpoint(), "--name", "x", "--handler", "rules",
                "--settings-file", dir.resolve("nope.yaml").toString());
        assertThat(missingFile.exit()).isEqualTo(2);
        assertThat(missingFile.err()).contains("cannot read settings file");

        Run neither = run("bots", "connect", "whatever", "-e", endpoint());
        assertThat(neither.exit()).isEqualTo(2);
        assertThat(neither.err()).contains("--slack-signing-secret and --slack-bot-token, or --webhook-secret");

        Run nothing = run("bots", "update", "whatever", "-e", endpoint());
        assertThat(nothing.exit()).isEqualTo(2);
        assertThat(nothing.err()).contains("nothing to change");

        Run ghost = chat("/quit\n", "chat", "ghost", "-e", endpoint());
        assertThat(ghost.exit()).isEqualTo(2);
        assertThat(ghost.err()).contains("NOT_FOUND").contains("ghost");
    }

    @Test
    void chatsInTheTerminalAndTellsHowToResume() {
        assertThat(run("bots", "create", "-e", endpoint(), "--id", "cli-echo", "--name", "CLI echo", "--handler",
                "echo").exit()).isZero();

        Run chat = chat("hello\n\n  how are you  \n", "chat", "cli-echo", "-e", endpoint(), "--user", "dave");
        assertThat(chat.exit()).as(chat.err()).isZero();
        assertThat(chat.out()).contains("Chatting with bot 'cli-echo'").contains("as 'dave'");
        assertThat(chat.out().lines().filter(l -> l.startsWith("bot> ")))
                .as("every line answered once, in order, before the command returns")
                .containsExactly("bot> hello", "bot> how are you");
        Matcher resume = Pattern.compile("resume:  botgrid chat cli-echo --conversation (\\S+) --team default "
                + "--user dave --resume-after (\\d+)").matcher(chat.out());
        assertThat(resume.find()).as(chat.out()).isTrue();
        assertThat(chat.out()).contains("session: cli-echo/grpc/default/" + resume.group(1));

        Run again = chat("again\n/quit\nnot sent\n", "chat", "cli-echo", "-e", BotTestSupport.endpoint(cluster, 0),
                "--conversation", resume.group(1), "--user", "dave", "--resume-after", resume.group(2));
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out().lines().filter(l -> l.startsWith("bot> "))).as("nothing old, nothing after /quit")
                .containsExactly("bot> again");

        Run everything = chat("", "chat", "cli-echo", "-e", endpoint(), "--conversation", resume.group(1));
        assertThat(everything.out().lines().filter(l -> l.startsWith("bot> ")))
                .containsExactly("bot> hello", "bot> how are you", "bot> again");
    }
}
