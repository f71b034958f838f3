package io.botgrid.cli;

import io.botgrid.client.BotQuery;
import io.botgrid.client.BotSpec;
import io.botgrid.client.BotState;
import io.botgrid.client.BotStats;
import io.botgrid.client.BotUpdate;
import io.botgrid.client.BotView;
import io.botgrid.client.BotgridClient;
import io.botgrid.client.ChannelKind;
import io.botgrid.client.ChannelView;
import io.botgrid.client.SlackSettings;
import io.botgrid.client.SlackSocketModeSettings;
import io.botgrid.client.WebhookSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code botgrid bots ...}: bot management over the Java SDK, so that the command line refuses and reports exactly
 * what an application would see. Exit codes as the other client commands: 0 done, 2 refused by the cluster or bad
 * usage.
 */
final class BotCommands {
    private BotCommands() {
    }

    /** The text of a settings file, or null when none is given; a file that cannot be read is a usage error. */
    static String read(CommandSpec spec, Path settingsFile) {
        if (settingsFile == null) {
            return null;
        }
        try {
            return Files.readString(settingsFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot read settings file " + settingsFile + ": "
                    + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new ParameterException(spec.commandLine(), "settings file " + settingsFile + " is not UTF-8 "
                    + "text", e);
        }
    }

    /** {@code botgrid bots} */
    @Command(name = "bots", description = "Create, inspect, change and connect bots (needs the admin role to change, "
            + "operator to read).", mixinStandardHelpOptions = true,
            subcommands = {Create.class, ListBots.class, Get.class, Update.class, Pause.class, Resume.class,
                    Delete.class, Connect.class, Disconnect.class, Stats.class})
    static final class BotsCommand {
    }

    static void print(PrintWriter out, BotView bot) {
        out.println("id:        " + bot.id());
        out.println("name:      " + bot.name());
        out.println("handler:   " + bot.handler());
        out.println("state:     " + bot.state());
        out.println("version:   " + bot.version());
        if (bot.channels().isEmpty()) {
            out.println("channels:  none (grpc conversations only)");
        }
        for (ChannelView c : bot.channels()) {
            out.println("channel:   " + c.kind() + (c.ingressPath().isEmpty() ? "" : "  ingress " + c.ingressPath())
                    + (c.settings().isEmpty() ? "" : "  " + c.settings().entrySet().stream().sorted(
                            java.util.Map.Entry.comparingByKey()).map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", "))));
        }
        if (!bot.handlerSettings().isBlank()) {
            out.println("settings:");
            bot.handlerSettings().lines().forEach(l -> out.println("  " + l));
        }
    }

    /** {@code botgrid bots create} */
    @Command(name = "create", description = "Create a bot.", mixinStandardHelpOptions = true)
    static final class Create extends ClientCommands.ClientCommand {
        @Option(names = "--id", description = "Bot id, [a-z0-9][a-z0-9-_]{0,62} (default: generated).")
        String id;

        @Option(names = "--name", required = true, description = "Human-readable name.")
        String name;

        @Option(names = "--handler", required = true, description = "echo, rules, webhook, llm, a plugin's name, "
                + "chain:<id> or plugin:<name>[@<version>] (deployed with botgrid plugins upload).")
        String handler;

        @Option(names = "--settings-file", description = "The handler's settings, YAML or JSON.")
        Path settingsFile;

        @Option(names = "--idempotency-key", description = "Makes a retry of this command apply once.")
        String idempotencyKey;

        @Override
        void run(BotgridClient client, PrintWriter out) {
            String settings = read(spec, settingsFile);
            BotSpec botSpec = new BotSpec(id, name, handler, settings, idempotencyKey);
            print(out, client.bots().createBlocking(botSpec));
        }
    }

    /** {@code botgrid bots list} */
    @Command(name = "list", description = "List bots (all but deleted ones, unless --state says otherwise).",
            mixinStandardHelpOptions = true)
    static final class ListBots extends ClientCommands.ClientCommand {
        @Option(names = "--state", description = "Only bots in this state: active, paused or deleted.")
        String state;

        @Override
        void run(BotgridClient client, PrintWriter out) {
            BotQuery query = state == null ? BotQuery.all() : BotQuery.inState(state(spec, state));
            out.printf("%-28s %-28s %-12s %-8s %s%n", "ID", "NAME", "HANDLER", "STATE", "CHANNELS");
            Iterator<BotView> bots = client.bots().listAll(query.withPageSize(200));
            while (bots.hasNext()) {
                BotView b = bots.next();
                out.printf("%-28s %-28s %-12s %-8s %s%n", b.id(), b.name(), b.handler(), b.state(),
                        b.channels().stream().map(c -> c.kind().name().toLowerCase(Locale.ROOT))
                                .collect(Collectors.joining(",")));
            }
        }

        private static BotState state(CommandSpec spec, String text) {
            try {
                BotState s = BotState.valueOf(text.trim().toUpperCase(Locale.ROOT));
                if (s != BotState.UNKNOWN) {
                    return s;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            throw new ParameterException(spec.commandLine(), "--state must be active, paused or deleted, got '"
                    + text + "'");
        }
    }

    /** {@code botgrid bots get ID} */
    @Command(name = "get", description = "Show a bot.", mixinStandardHelpOptions = true)
    static final class Get extends ClientCommands.ClientCommand {
        @Parameters(index = "0", description = "Bot id.")
        String id;

        @Override
        void run(BotgridClient client, PrintWriter out) {
            print(out, client.bots().getBlocking(id));
        }
    }

    /** {@code botgrid bots update ID} */
    @Command(name = "update", description = "Change a bot's name, handler or settings; the rest stays.",
            mixinStandardHelpOptions = true)
    static final class Update extends ClientCommands.ClientCommand {
        @Parameters(index = "0", description = "Bot id.")
        String id;

        @Option(names = "--name", description = "New name.")
        String name;

        @Option(names = "--handler", description = "New handler: echo, rules, webhook, llm, a plugin's name, "
                + "chain:<id> or plugin:<name>[@<version>].")
        String handler;

        @Option(names = "--settings-file", description = "New handler settings, YAML or JSON.")
        Path settingsFile;

        @Override
        void run(BotgridClient client, PrintWriter out) {
            if (name == null && handler == null && settingsFile == null) {
                throw new ParameterException(spec.commandLine(), "nothing to change: give --name, --handler or "
                        + "--settings-file");
            }
            BotUpdate update = new BotUpdate(id, name, handler, read(spec, settingsFile), null);
            print(out, client.bots().updateBlocking(update));
        }
    }

    /** {@code botgrid bots pause ID} */
    @Command(name = "pause", description = "Stop a bot answering; messages are still recorded.",
            mixinStandardHelpOptions = true)
    static final class Pause extends ClientCommands.ClientCommand {
        @Parameters(index = "0", description = "Bot id.")
        String id;

        @Override
        void run(BotgridClient client, PrintWriter out) {
            print(out, client.bots().pauseBlocking(id));
        }
    }

    /** {@code botgrid bots resume ID} */
    @Command(name = "resume", description = "Let a paused bot answer again.", mixinStandardHelpOptions = true)
    static final class Resume extends ClientCommands.ClientCommand {
        @Parameters(index = "0", description = "Bot id.")
        String id;

        @Override
        void run(BotgridClient client, PrintWriter out) {
            print(out, client.bots().resumeBlocking(id));
        }
    }

    /** {@code botgrid bots delete ID} */
    @Command(name = "delete", description = "Delete a bot (its id cannot be used again); its sessions are kept.",
            mixinStandardHelpOptions = true)
    static final class Delete extends ClientCommands.ClientCommand {
        @Parameters(index = "0", description = "Bot id.")
        String id;

        @Override
        void run(BotgridClient client, PrintWriter out) {
            BotView bot = client.bots().deleteBlocking(id);
            out.println("deleted bot " + bot.id() + " (" + bot.name() + ")");
        }
    }

    /** {@code botgrid bots connect ID} */
    @Command(name = "connect", mixinStandardHelpOptions = true,
            description = {"Connect a bot to Slack (--slack-signing-secret and --slack-bot-token; or, in Socket "
                    + "Mode, --slack-app-token and --slack-bot-token) or to a webhook (--webhook-secret and "
                    + "--webhook-url). Secrets default to the environment variables SLACK_SIGNING_SECRET, "
                    + "SLACK_APP_TOKEN, SLACK_BOT_TOKEN and BOTGRID_WEBHOOK_SECRET, which keeps them out of the shell "
                    + "history."})
    static final class Connect extends ClientCommands.ClientCommand {
        @Parameters(index = "0", description = "Bot id.")
        String id;

        @Option(names = "--slack-signing-secret", defaultValue = "${env:SLACK_SIGNING_SECRET}",
                description = "The Slack app's signing secret (Basic Information).")
        String slackSigningSecret;

        @Option(names = "--slack-app-token", defaultValue = "${env:SLACK_APP_TOKEN}",
                description = "An app-level token, xapp-... (Basic Information, App-Level Tokens, scope "
                        + "connections:write): receive events over Socket Mode instead of HTTP.")
        String slackAppToken;

        @Option(names = "--slack-bot-token", defaultValue = "${env:SLACK_BOT_TOKEN}",
                description = "The bot user OAuth token, xoxb-... (OAuth & Permissions).")
        String slackBotToken;

        @Option(names = "--slack-bot-user-id", description = "The bot's Slack user id (U...), to ignore its own "
                + "messages.")
        String slackBotUserId;

        @Option(names = "--slack-api-base-url", description = "Slack Web API base (default https://slack.com/api).")
        String slackApiBaseUrl;

        @Option(names = "--slack-thread-replies", description = "Answer top-level channel messages in a thread under "
                + "the message (default: at the top level). Direct messages are answered at the top level and "
                + "threads in their thread either way.")
        boolean slackThreadReplies;

        @Option(names = "--webhook-secret", defaultValue = "${env:BOTGRID_WEBHOOK_SECRET}",
                description = "HMAC secret signing webhook requests both ways.")
        String webhookSecret;

        @Option(names = "--webhook-url", description = "Where the bot's replies are POSTed.")
        String webhookUrl;

        @Override
        void run(BotgridClient client, PrintWriter out) {
            boolean slack = present(slackSigningSecret) || present(slackAppToken) || present(slackBotToken)
                    || present(slackBotUserId)
                    || present(slackApiBaseUrl) || slackThreadReplies;
            boolean webhook = present(webhookUrl);
            if (slack == webhook) {
                throw new ParameterException(spec.commandLine(), slack
                        ? "give either the Slack options or the webhook options, not both"
                        : "give --slack-signing-secret and --slack-bot-token, or --webhook-secret and --webhook-url");
            }
            BotView bot;
            if (slack && present(slackAppToken)) {
                if (!present(slackBotToken)) {
                    throw new ParameterException(spec.commandLine(), "Slack Socket Mode needs --slack-bot-token (or "
                            + "$SLACK_BOT_TOKEN) besides --slack-app-token");
                }
                bot = client.bots().connectSlackSocketModeBlocking(id, new SlackSocketModeSettings(slackAppToken,
                        slackBotToken, slackBotUserId, slackApiBaseUrl, slackThreadReplies));
            } else if (slack) {
                if (!present(slackSigningSecret) || !present(slackBotToken)) {
                    throw new ParameterException(spec.commandLine(), "Slack needs both --slack-signing-secret and "
                            + "--slack-bot-token (or $SLACK_SIGNING_SECRET and $SLACK_BOT_TOKEN)");
                }
                bot = client.bots().connectSlackBlocking(id, new SlackSettings(slackSigningSecret, slackBotToken,
                        slackBotUserId, slackApiBaseUrl, slackThreadReplies));
            } else {
                if (!present(webhookSecret)) {
                    throw new ParameterException(spec.commandLine(), "the webhook needs --webhook-secret (or "
                            + "$BOTGRID_WEBHOOK_SECRET)");
                }
                bot = client.bots().connectWebhookBlocking(id, new WebhookSettings(webhookSecret, webhookUrl));
            }
            print(out, bot);
            ChannelKind kind = slack ? ChannelKind.SLACK : ChannelKind.WEBHOOK;
            bot.channel(kind).filter(c -> !c.ingressPath().isEmpty()).ifPresent(c -> out.println(
                    "Point the platform at http(s)://<node-host>:<endpoint-port>" + c.ingressPath()));
        }

        private static boolean present(String value) {
            return value != null && !value.isBlank();
        }
    }

    /** {@code botgrid bots disconnect ID --channel KIND} */
    @Command(name = "disconnect", description = "Disconnect a bot from a channel.", mixinStandardHelpOptions = true)
    static final class Disconnect extends ClientCommands.ClientCommand {
        @Parameters(index = "0", description = "Bot id.")
        String id;

        @Option(names = "--channel", required = true, description = "slack or webhook.")
        String channel;

        @Override
        void run(BotgridClient client, PrintWriter out) {
            ChannelKind kind = switch (channel.trim().toLowerCase(Locale.ROOT)) {
                case "slack" -> ChannelKind.SLACK;
                case "webhook" -> ChannelKind.WEBHOOK;
                default -> throw new ParameterException(spec.commandLine(), "--channel must be slack or webhook, got '"
                        + channel + "'");
            };
            print(out, client.bots().disconnectBlocking(id, kind));
        }
    }

    /** {@code botgrid bots stats ID} */
    @Command(name = "stats", description = "Show a bot's counters.", mixinStandardHelpOptions = true)
    static final class Stats extends ClientCommands.ClientCommand {
        @Parameters(index = "0", description = "Bot id.")
        String id;

        @Override
        void run(BotgridClient client, PrintWriter out) {
            BotStats s = client.bots().statsBlocking(id);
            out.println("messages in: " + s.messagesIn());
            out.println("replies out: " + s.repliesOut());
            out.println("errors:      " + s.errors());
            out.println("sessions:    " + s.sessions());
            if (s.llmTokens() > 0 || s.llmOverBudget() > 0) {
                out.println("llm tokens:  " + s.llmTokens());
                out.println("over budget: " + s.llmOverBudget());
            }
        }
    }
}
