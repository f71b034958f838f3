package io.botgrid.channels.internal.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botgrid.channels.ChannelKind;
import io.botgrid.channels.ChannelTarget;
import io.botgrid.channels.InboundMessage;
import io.botgrid.channels.internal.MalformedPayloadException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlackEventParserTest {
    private final SlackEventParser parser = new SlackEventParser();

    private static String callback(String event) {
        return "{\"token\":\"t\",\"team_id\":\"T1\",\"api_app_id\":\"A1\",\"type\":\"event_callback\","
                + "\"event_id\":\"Ev1\",\"event_time\":1700000000,\"event\":" + event + ","
                + "\"authorizations\":[{\"team_id\":\"T1\",\"user_id\":\"UBOT\",\"is_bot\":true}]}";
    }

    private SlackEvent parse(String json) throws MalformedPayloadException {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8), "UBOT2");
    }

    @Test
    void urlVerification() throws Exception {
        assertThat(parse("{\"token\":\"t\",\"challenge\":\"3eZbrw1aB\",\"type\":\"url_verification\"}"))
                .isEqualTo(new SlackEvent.UrlVerification("3eZbrw1aB"));
    }

    @Test
    void channelMessage() throws Exception {
        SlackEvent e = parse(callback("{\"type\":\"message\",\"channel\":\"C1\",\"user\":\"U1\",\"text\":\"hello\","
                + "\"ts\":\"1700000000.000100\",\"channel_type\":\"channel\"}"));
        assertThat(e).isEqualTo(new SlackEvent.Message("T1", "Ev1", "C1", "U1", "hello", "1700000000.000100", null,
                false));
    }

    @Test
    void threadMessage() throws Exception {
        SlackEvent e = parse(callback("{\"type\":\"message\",\"channel\":\"C1\",\"user\":\"U1\",\"text\":\"more\","
                + "\"ts\":\"1700000000.000200\",\"thread_ts\":\"1700000000.000100\"}"));
        assertThat(e).isEqualTo(new SlackEvent.Message("T1", "Ev1", "C1", "U1", "more", "1700000000.000200",
                "1700000000.000100", false));
    }

    @Test
    void appMentionCountsAsAMessageWithoutTheLeadingMention() throws Exception {
        SlackEvent e = parse(callback("{\"type\":\"app_mention\",\"channel\":\"C1\",\"user\":\"U1\","
                + "\"text\":\"<@UBOT> hi there <@U7>\",\"ts\":\"1.2\"}"));
        assertThat(e).isEqualTo(new SlackEvent.Message("T1", "Ev1", "C1", "U1", "hi there <@U7>", "1.2", null,
                false));
    }

    @Test
    void theBotsOwnMessagesAreIgnored() throws Exception {
        assertThat(parse(callback("{\"type\":\"message\",\"channel\":\"C1\",\"user\":\"UBOT\",\"text\":\"hi\","
                + "\"ts\":\"1.2\"}"))).isInstanceOf(SlackEvent.Ignored.class);
        assertThat(parse(callback("{\"type\":\"message\",\"channel\":\"C1\",\"user\":\"UBOT2\",\"text\":\"hi\","
                + "\"ts\":\"1.2\"}"))).as("configured bot user id").isInstanceOf(SlackEvent.Ignored.class);
        assertThat(parse(callback("{\"type\":\"message\",\"channel\":\"C1\",\"user\":\"U9\",\"bot_id\":\"B1\","
                + "\"text\":\"hi\",\"ts\":\"1.2\"}"))).as("any bot").isInstanceOf(SlackEvent.Ignored.class);
    }

    @Test
    void subtypesAreIgnoredExceptThoseOfAPersonWriting() throws Exception {
        for (String subtype : new String[] {"bot_message", "message_changed", "message_deleted", "channel_join",
                "channel_topic", "me_message_unknown"}) {
            assertThat(parse(callback("{\"type\":\"message\",\"subtype\":\"" + subtype + "\",\"channel\":\"C1\","
                    + "\"user\":\"U1\",\"text\":\"x\",\"ts\":\"1.2\"}")))
                    .as(subtype).isEqualTo(new SlackEvent.Ignored("subtype " + subtype));
        }
        assertThat(parse(callback("{\"type\":\"message\",\"subtype\":\"thread_broadcast\",\"channel\":\"C1\","
                + "\"user\":\"U1\",\"text\":\"x\",\"ts\":\"1.3\",\"thread_ts\":\"1.2\"}")))
                .isInstanceOf(SlackEvent.Message.class);
    }

    @Test
    void messagesWithoutTextOrUserAreIgnored() throws Exception {
        assertThat(parse(callback("{\"type\":\"message\",\"channel\":\"C1\",\"user\":\"U1\",\"text\":\"  \","
                + "\"ts\":\"1.2\"}"))).isInstanceOf(SlackEvent.Ignored.class);
        assertThat(parse(callback("{\"type\":\"message\",\"channel\":\"C1\",\"text\":\"x\",\"ts\":\"1.2\"}")))
                .isInstanceOf(SlackEvent.Ignored.class);
    }

    @Test
    void otherEventsAndCallbacksAreUnsupported() throws Exception {
        assertThat(parse(callback("{\"type\":\"reaction_added\",\"user\":\"U1\"}")))
                .isEqualTo(new SlackEvent.Unsupported("event_callback/reaction_added"));
        assertThat(parse("{\"type\":\"app_rate_limited\",\"team_id\":\"T1\"}"))
                .isEqualTo(new SlackEvent.Unsupported("app_rate_limited"));
    }

    @Test
    void malformedBodies() {
        assertThatThrownBy(() -> parse("{not json")).isInstanceOf(MalformedPayloadException.class)
                .hasMessageStartingWith("body is not valid JSON");
        assertThatThrownBy(() -> parse("[1]")).hasMessage("body is not a JSON object");
        assertThatThrownBy(() -> parse("{}")).hasMessage("missing field 'type'");
        assertThatThrownBy(() -> parse("{\"type\":\"url_verification\"}"))
                .hasMessage("url_verification without 'challenge'");
        assertThatThrownBy(() -> parse("{\"type\":\"event_callback\",\"event\":{\"type\":\"message\"}}"))
                .hasMessage("event_callback without 'event_id' or 'event'");
    }

    /** Slack's real shape for an app that also receives events on behalf of users: the person authorizes it. */
    private static String onBehalfOfThePerson(String event) {
        return "{\"token\":\"t\",\"team_id\":\"T1\",\"context_team_id\":\"T1\",\"context_enterprise_id\":null,"
                + "\"api_app_id\":\"A1\",\"type\":\"event_callback\",\"event_id\":\"Ev9\","
                + "\"event_time\":1700000000,\"event\":" + event + ","
                + "\"authorizations\":[{\"enterprise_id\":null,\"team_id\":\"T1\",\"user_id\":\"U1\","
                + "\"is_bot\":false,\"is_enterprise_install\":false}],"
                + "\"is_ext_shared_channel\":false,\"event_context\":\"4-eyJldCI6Im1lc3NhZ2UifQ\"}";
    }

    @Test
    void aPersonsMessageAuthorizedOnBehalfOfThatPersonIsAnswered() throws Exception {
        String event = "{\"type\":\"message\",\"channel\":\"C1\",\"user\":\"U1\",\"text\":\"hello bot\","
                + "\"ts\":\"1700000000.000300\",\"event_ts\":\"1700000000.000300\",\"channel_type\":\"channel\"}";
        SlackEvent.Message expected = new SlackEvent.Message("T1", "Ev9", "C1", "U1", "hello bot",
                "1700000000.000300", null, false);
        byte[] body = onBehalfOfThePerson(event).getBytes(StandardCharsets.UTF_8);
        assertThat(parser.parse(body, "UBOT")).as("with a configured bot user id").isEqualTo(expected);
        assertThat(parser.parse(body, "")).as("without one: only is_bot authorizations name the bot")
                .isEqualTo(expected);
        assertThat(parser.parse(body)).isEqualTo(expected);
    }

    @Test
    void withoutAConfiguredIdTheBotIsTheAuthorizationThatIsABot() throws Exception {
        String body = "{\"team_id\":\"T1\",\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"event\":"
                + "{\"type\":\"message\",\"channel\":\"C1\",\"user\":\"UBOT\",\"text\":\"x\",\"ts\":\"1.2\"},"
                + "\"authorizations\":[{\"user_id\":\"U1\",\"is_bot\":false},{\"user_id\":\"UBOT\",\"is_bot\":true}]}";
        assertThat(parser.parse(body.getBytes(StandardCharsets.UTF_8), null))
                .isEqualTo(new SlackEvent.Ignored("the bot's own message"));
        String mention = body.replace("\"user\":\"UBOT\",\"text\":\"x\"", "\"user\":\"U2\",\"text\":\"<@UBOT> hi\"");
        assertThat(parser.parse(mention.getBytes(StandardCharsets.UTF_8), null))
                .isEqualTo(new SlackEvent.Message("T1", "Ev1", "C1", "U2", "hi", "1.2", null, false));
    }

    @Test
    void directMessagesAreRecognised() throws Exception {
        assertThat(parse(callback("{\"type\":\"message\",\"channel\":\"D1\",\"user\":\"U1\",\"text\":\"hi\","
                + "\"ts\":\"1.2\",\"channel_type\":\"im\"}")))
                .isEqualTo(new SlackEvent.Message("T1", "Ev1", "D1", "U1", "hi", "1.2", null, true));
        assertThat(parse(callback("{\"type\":\"app_mention\",\"channel\":\"C1\",\"user\":\"U1\",\"text\":\"hi\","
                + "\"ts\":\"1.2\"}"))).as("app_mention has no channel_type").extracting("direct").isEqualTo(false);
    }

    @Test
    void mapsToTheSessionModel() {
        Instant at = Instant.parse("2026-03-01T12:00:00Z");
        InboundMessage top = SlackMessages.toInbound("b1",
                new SlackEvent.Message("T1", "Ev1", "C1", "U1", "hi", "1.2", null, false), at, false);
        assertThat(top).isEqualTo(new InboundMessage("b1", "slack", "T1", "C1:U1", "U1", "slack:C1:1.2", "hi", at,
                new ChannelTarget(ChannelKind.SLACK, "C1", null)));
        InboundMessage threaded = SlackMessages.toInbound("b1",
                new SlackEvent.Message("T1", "Ev2", "C1", "U1", "hi", "1.3", "1.2", false), at, false);
        assertThat(threaded.conversation()).isEqualTo("C1/1.2:U1");
        assertThat(threaded.messageId()).isEqualTo("slack:C1:1.3");
        assertThat(threaded.replyTo()).isEqualTo(new ChannelTarget(ChannelKind.SLACK, "C1", "1.2"));
    }

    @Test
    void repliesThreadOnlyWhereTheMessageIsInAThreadOrTheBotThreadsChannelReplies() {
        Instant at = Instant.parse("2026-03-01T12:00:00Z");
        SlackEvent.Message channel = new SlackEvent.Message("T1", "Ev1", "C1", "U1", "hi", "1.2", null, false);
        SlackEvent.Message dm = new SlackEvent.Message("T1", "Ev2", "D1", "U1", "hi", "1.4", null, true);
        SlackEvent.Message inThread = new SlackEvent.Message("T1", "Ev3", "C1", "U1", "hi", "1.3", "1.2", false);
        assertThat(SlackMessages.toInbound("b1", channel, at, false).replyTo().threadTs()).isNull();
        assertThat(SlackMessages.toInbound("b1", channel, at, true).replyTo().threadTs()).isEqualTo("1.2");
        assertThat(SlackMessages.toInbound("b1", dm, at, false).replyTo().threadTs()).isNull();
        assertThat(SlackMessages.toInbound("b1", dm, at, true).replyTo().threadTs()).isNull();
        assertThat(SlackMessages.toInbound("b1", inThread, at, false).replyTo().threadTs()).isEqualTo("1.2");
        assertThat(SlackMessages.toInbound("b1", inThread, at, true).replyTo().threadTs()).isEqualTo("1.2");
    }
}
