package io.botgrid.bots.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.botgrid.actor.RejectionCode;
import io.botgrid.bots.platform.BotApiException;
import io.botgrid.proto.v1.ChannelKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelSettingsTest {
    private static final Map<String, String> SECRETS = Map.of("signing_secret", "s3cr3t", "bot_token", "xoxb-1");

    private static Map<String, String> slack(String key, String value) {
        Map<String, String> settings = new java.util.HashMap<>(SECRETS);
        settings.put(key, value);
        return settings;
    }

    @Test
    void slackTakesThreadRepliesAsTrueOrFalse() {
        assertThatCode(() -> ChannelSettings.check(ChannelKind.CHANNEL_KIND_SLACK, slack("thread_replies", "true")))
                .doesNotThrowAnyException();
        assertThatCode(() -> ChannelSettings.check(ChannelKind.CHANNEL_KIND_SLACK, slack("thread_replies", "false")))
                .doesNotThrowAnyException();
        BotApiException e = catchThrowableOfType(BotApiException.class,
                () -> ChannelSettings.check(ChannelKind.CHANNEL_KIND_SLACK, slack("thread_replies", "yes")));
        assertThat(e.code()).isEqualTo(RejectionCode.INVALID_ARGUMENT);
        assertThat(e).hasMessage("CHANNEL_KIND_SLACK setting thread_replies must be true or false, not 'yes'");
    }

    @Test
    void threadRepliesIsNotAWebhookSetting() {
        BotApiException e = catchThrowableOfType(BotApiException.class,
                () -> ChannelSettings.check(ChannelKind.CHANNEL_KIND_WEBHOOK,
                        Map.of("secret", "s", "url", "http://127.0.0.1:9/r", "thread_replies", "true")));
        assertThat(e).hasMessageStartingWith("CHANNEL_KIND_WEBHOOK has no settings [thread_replies]");
    }

    @Test
    void slackTakesAnAppTokenInsteadOfASigningSecret() {
        assertThatCode(() -> ChannelSettings.check(ChannelKind.CHANNEL_KIND_SLACK,
                Map.of("app_token", "xapp-1-A1-2", "bot_token", "xoxb-1"))).doesNotThrowAnyException();
        assertThat(catchThrowableOfType(BotApiException.class, () -> ChannelSettings.check(
                ChannelKind.CHANNEL_KIND_SLACK, Map.of("bot_token", "xoxb-1"))))
                .hasMessage("CHANNEL_KIND_SLACK needs settings [signing_secret] (Events API over HTTP) or "
                        + "[app_token] (Socket Mode)");
        assertThat(catchThrowableOfType(BotApiException.class, () -> ChannelSettings.check(
                ChannelKind.CHANNEL_KIND_SLACK, Map.of("app_token", "xoxb-2", "bot_token", "xoxb-1"))))
                .hasMessageStartingWith("CHANNEL_KIND_SLACK setting app_token must be an app-level token (xapp-...)");
        assertThat(ChannelSettings.isSecret("app_token")).isTrue();
    }
}
