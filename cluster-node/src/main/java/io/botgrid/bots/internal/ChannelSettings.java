package io.botgrid.bots.internal;

import io.botgrid.bots.platform.BotApiException;
import io.botgrid.proto.v1.ChannelKind;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings each kind of channel takes, checked when a channel is connected so that a typo is an error then and
 * not a silent failure at the first message.
 */
final class ChannelSettings {
    static final String SLACK_SIGNING_SECRET = "signing_secret";
    static final String SLACK_BOT_TOKEN = "bot_token";
    /** An app-level token ({@code xapp-…}): the bot receives events over Socket Mode instead of HTTP. */
    static final String SLACK_APP_TOKEN = "app_token";
    static final String SLACK_BOT_USER_ID = "bot_user_id";
    static final String SLACK_API_BASE_URL = "api_base_url";
    /** "true": replies to top-level channel messages start a thread; "false" (default): they stay top level. */
    static final String SLACK_THREAD_REPLIES = "thread_replies";
    static final String WEBHOOK_SECRET = "secret";
    static final String WEBHOOK_URL = "url";
    static final String DEFAULT_SLACK_API = "https://slack.com/api";

    private static final Set<String> SECRETS = Set.of(SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_APP_TOKEN,
            WEBHOOK_SECRET);

    private ChannelSettings() {
    }

    static boolean isSecret(String key) {
        return SECRETS.contains(key);
    }

    static String ingressPath(ChannelKind kind, String botId) {
        return switch (kind) {
            case CHANNEL_KIND_SLACK -> "/slack/events/" + botId;
            case CHANNEL_KIND_WEBHOOK -> "/webhook/" + botId;
            default -> "";
        };
    }

    /** @throws BotApiException (INVALID_ARGUMENT) naming the missing, unknown or malformed setting */
    static void check(ChannelKind kind, Map<String, String> settings) {
        switch (kind) {
            case CHANNEL_KIND_SLACK -> {
                allow(kind, settings, Set.of(SLACK_BOT_TOKEN), Set.of(SLACK_SIGNING_SECRET, SLACK_APP_TOKEN,
                        SLACK_BOT_USER_ID, SLACK_API_BASE_URL, SLACK_THREAD_REPLIES));
                checkSlackEventSource(settings);
            }
            case CHANNEL_KIND_WEBHOOK -> allow(kind, settings, Set.of(WEBHOOK_SECRET, WEBHOOK_URL), Set.of());
            case CHANNEL_KIND_GRPC -> allow(kind, settings, Set.of(), Set.of());
            default -> throw BotApiException.invalid("kind is required: CHANNEL_KIND_SLACK, _WEBHOOK or _GRPC");
        }
        String threadReplies = kind == ChannelKind.CHANNEL_KIND_SLACK ? settings.get(SLACK_THREAD_REPLIES) : null;
        if (threadReplies != null && !threadReplies.equals("true") && !threadReplies.equals("false")) {
            throw BotApiException.invalid(kind + " setting " + SLACK_THREAD_REPLIES + " must be true or false, not '"
                    + threadReplies + "'");
        }
        for (String urlKey : new String[] {SLACK_API_BASE_URL, WEBHOOK_URL}) {
            String url = settings.get(urlKey);
            if (url != null) {
                try {
                    URI uri = new URI(url);
                    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                        throw new java.net.URISyntaxException(url, "not an absolute http(s) URL");
                    }
                } catch (java.net.URISyntaxException e) {
                    throw BotApiException.invalid(kind + " setting " + urlKey + " must be an http(s) URL: "
                            + e.getMessage());
                }
            }
        }
    }

    /** Events come over HTTP (signed with the signing secret) or over Socket Mode (the app token): one is needed. */
    private static void checkSlackEventSource(Map<String, String> settings) {
        String signing = settings.get(SLACK_SIGNING_SECRET);
        String app = settings.get(SLACK_APP_TOKEN);
        if (signing == null && app == null) {
            throw BotApiException.invalid(ChannelKind.CHANNEL_KIND_SLACK + " needs settings [" + SLACK_SIGNING_SECRET
                    + "] (Events API over HTTP) or [" + SLACK_APP_TOKEN + "] (Socket Mode)");
        }
        if (signing != null && signing.isBlank()) {
            throw BotApiException.invalid(ChannelKind.CHANNEL_KIND_SLACK + " setting " + SLACK_SIGNING_SECRET
                    + " must not be empty");
        }
        if (app != null && !app.startsWith("xapp-")) {
            throw BotApiException.invalid(ChannelKind.CHANNEL_KIND_SLACK + " setting " + SLACK_APP_TOKEN
                    + " must be an app-level token (xapp-...), from the app's Basic Information page");
        }
    }

    /** The app token of a Slack channel's settings, if it is in Socket Mode. */
    static java.util.Optional<String> appToken(Map<String, String> settings) {
        return java.util.Optional.ofNullable(settings.get(SLACK_APP_TOKEN));
    }

    private static void allow(ChannelKind kind, Map<String, String> settings, Set<String> required,
                              Set<String> optional) {
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(settings.keySet());
        if (!missing.isEmpty()) {
            throw BotApiException.invalid(kind + " needs settings " + missing);
        }
        Set<String> unknown = new TreeSet<>(settings.keySet());
        unknown.removeAll(required);
        unknown.removeAll(optional);
        if (!unknown.isEmpty()) {
            Set<String> known = new TreeSet<>(required);
            known.addAll(optional);
            throw BotApiException.invalid(kind + " has no settings " + unknown + "; it takes " + known);
        }
        for (String key : required) {
            if (settings.get(key).isBlank()) {
                throw BotApiException.invalid(kind + " setting " + key + " must not be empty");
            }
        }
    }
}
