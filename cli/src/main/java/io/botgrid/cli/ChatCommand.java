package io.botgrid.cli;

import io.botgrid.client.BotgridClient;
import io.botgrid.client.BotgridException;
import io.botgrid.client.Conversation;
import io.botgrid.client.ConversationListener;
import io.botgrid.client.ConversationRef;
import io.botgrid.client.Reply;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code botgrid chat BOT}: a terminal conversation with a bot over the SDK's {@link Conversation}, the quickest way
 * to try a bot's handler before connecting it to Slack. Replies are printed as they come, so replies caused by other
 * clients in the same session show too. On exit it prints how to pick the conversation up again without seeing old
 * replies twice.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = {"Chat with a bot in the terminal: type a line to send it, replies are printed as 'bot> text'. "
                + "Leave with /quit or Ctrl-D (end of input)."})
final class ChatCommand implements Callable<Integer> {
    static final String QUIT = "/quit";

    private final InputStream in;

    @Mixin
    ClientCommands.Connection connection;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "Bot id.")
    String bot;

    @Option(names = "--conversation", description = "Conversation to talk in (default: a new one).")
    String conversation;

    @Option(names = "--user", defaultValue = "${sys:user.name}", description = "Your user id (default: your login).")
    String user;

    @Option(names = "--team", defaultValue = "default", description = "Team (default: ${DEFAULT-VALUE}).")
    String team;

    @Option(names = "--resume-after", defaultValue = "-1", description = "Show only replies after this seq "
            + "(default: all replies of a given conversation, none of a new one).")
    long resumeAfter;

    /** Reads the terminal: what picocli's default factory makes. */
    ChatCommand() {
        this(System.in);
    }

    ChatCommand(InputStream in) {
        this.in = in;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean fresh = conversation == null;
        String name = fresh ? "cli-" + UUID.randomUUID().toString().substring(0, 8) : conversation;
        ConversationRef ref = new ConversationRef(bot, team, name, user == null ? "" : user);
        long after = resumeAfter >= 0 ? resumeAfter : 0;
        Duration timeout = Duration.ofSeconds(connection.timeoutSeconds);
        try (BotgridClient client = connection.connect()) {
            Conversation chat = client.conversations().open(ref, after, new Printer(out, err));
            try {
                chat.ready().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                chat.cancel();
                return ClientCommands.fail(spec, new CompletionException(e.getCause()));
            } catch (TimeoutException e) {
                chat.cancel();
                err.println("botgrid: no answer from the cluster within " + timeout.toSeconds() + " s");
                return 2;
            }
            out.println("Chatting with bot '" + bot + "' in conversation '" + name + "' as '" + ref.userId()
                    + "'. Type /quit or press Ctrl-D to leave.");
            Integer failed = converse(chat, err);
            if (failed != null) {
                return failed;
            }
            if (!chat.close(timeout)) {
                err.println("botgrid: the last replies did not arrive within " + timeout.toSeconds() + " s; resume "
                        + "to see them");
            }
            out.println("session: " + chat.session() + ", last reply seq " + chat.lastSeq());
            out.println("resume:  botgrid chat " + bot + " --conversation " + name + " --team " + ref.team()
                    + " --user " + ref.userId() + " --resume-after " + chat.lastSeq());
            return 0;
        } catch (RuntimeException e) {
            return ClientCommands.fail(spec, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** Sends each line until /quit or the end of input; an exit code if the conversation broke, else null. */
    private Integer converse(Conversation chat, PrintWriter err) {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String text = line.strip();
                if (text.equals(QUIT)) {
                    break;
                }
                if (text.isEmpty()) {
                    continue;
                }
                if (chat.closed().isDone()) {
                    return 2; // the listener has told why
                }
                try {
                    chat.send(text);
                } catch (IllegalStateException e) {
                    return 2;
                }
            }
        } catch (IOException e) {
            err.println("botgrid: cannot read the terminal: " + e.getMessage());
        }
        return null;
    }

    /** Prints what the bot says; errors go to stderr in the client commands' format. */
    private static final class Printer implements ConversationListener {
        private final PrintWriter out;
        private final PrintWriter err;

        Printer(PrintWriter out, PrintWriter err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public void onReply(Reply reply) {
            out.println("bot> " + reply.text());
            out.flush();
        }

        @Override
        public void onError(BotgridException error) {
            err.println("botgrid: " + error.getMessage());
            err.flush();
        }
    }
}
