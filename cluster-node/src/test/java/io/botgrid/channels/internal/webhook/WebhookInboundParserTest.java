package io.botgrid.channels.internal.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botgrid.channels.ChannelKind;
import io.botgrid.channels.ChannelTarget;
import io.botgrid.channels.InboundMessage;
import io.botgrid.channels.internal.MalformedPayloadException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookInboundParserTest {
    private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");
    private final WebhookInboundParser parser = new WebhookInboundParser();

    private InboundMessage parse(String json) throws MalformedPayloadException {
        return parser.parse("b1", json.getBytes(StandardCharsets.UTF_8), AT);
    }

    @Test
    void fullMessage() throws Exception {
        assertThat(parse("{\"messageId\":\"m1\",\"team\":\"acme\",\"conversation\":\"c-9\",\"userId\":\"u-3\","
                + "\"text\":\"hi\",\"extra\":42}"))
                .isEqualTo(new InboundMessage("b1", "webhook", "acme", "c-9", "u-3", "m1", "hi", AT,
                        new ChannelTarget(ChannelKind.WEBHOOK, "c-9", null)));
    }

    @Test
    void teamAndUserDefault() throws Exception {
        InboundMessage m = parse("{\"messageId\":\"m1\",\"conversation\":\"c\",\"text\":\"hi\"}");
        assertThat(m.team()).isEqualTo("default");
        assertThat(m.userId()).isEqualTo("anonymous");
    }

    @Test
    void problemsAreNamed() {
        assertThatThrownBy(() -> parse("nope")).isInstanceOf(MalformedPayloadException.class)
                .hasMessageStartingWith("body is not valid JSON");
        assertThatThrownBy(() -> parse("")).hasMessageContaining("JSON");
        assertThatThrownBy(() -> parse("\"text\"")).hasMessage("body is not a JSON object");
        assertThatThrownBy(() -> parse("{\"conversation\":\"c\",\"text\":\"hi\"}"))
                .hasMessage("missing field 'messageId'");
        assertThatThrownBy(() -> parse("{\"messageId\":\"m\",\"text\":\"hi\"}"))
                .hasMessage("missing field 'conversation'");
        assertThatThrownBy(() -> parse("{\"messageId\":\"m\",\"conversation\":\"c\"}"))
                .hasMessage("missing field 'text'");
        assertThatThrownBy(() -> parse("{\"messageId\":7,\"conversation\":\"c\",\"text\":\"hi\"}"))
                .hasMessage("field 'messageId' must be a string");
        assertThatThrownBy(() -> parse("{\"messageId\":\"m\",\"conversation\":\" \",\"text\":\"hi\"}"))
                .hasMessage("field 'conversation' must not be blank");
        assertThatThrownBy(() -> parse("{\"messageId\":\"m\",\"conversation\":\"c\",\"text\":\"hi\",\"userId\":[]}"))
                .hasMessage("field 'userId' must be a string");
        assertThatThrownBy(() -> parse("{\"messageId\":\"m\",\"conversation\":\"c\",\"text\":\"hi\",\"team\":\"a|b\"}"))
                .hasMessage("field 'team' must not contain '|'");
    }
}
