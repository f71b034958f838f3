package io.botgrid.channels.internal.webhook;

import io.botgrid.channels.ChannelKind;
import io.botgrid.channels.ChannelSecrets;
import io.botgrid.channels.internal.IngressDecision;
import io.botgrid.channels.internal.IngressProtocol;
import io.botgrid.channels.internal.RequestHeaders;
import io.botgrid.channels.internal.MalformedPayloadException;
import io.botgrid.channels.internal.SignatureCheck;
import java.time.Instant;

/**
 * Botgrid's generic webhook channel as the endpoint speaks it: a signed JSON message in, 401 when the signature or
 * timestamp is wrong (nothing read further), 400 with the precise problem when the JSON is not a valid message.
 * Thread-safe.
 */
public final class WebhookIngressProtocol implements IngressProtocol {
    private final WebhookInboundParser parser;

    /** A protocol with its own parser. */
    public WebhookIngressProtocol() {
        this(new WebhookInboundParser());
    }

    /** A protocol parsing with {@code parser}. */
    public WebhookIngressProtocol(WebhookInboundParser parser) {
        this.parser = parser;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.WEBHOOK;
    }

    @Override
    public IngressDecision decide(String botId, ChannelSecrets secrets, RequestHeaders headers, byte[] body, Instant now) {
        SignatureCheck check = WebhookSignature.verify(secrets.signingSecret(),
                headers.getFirst(WebhookSignature.TIMESTAMP_HEADER), headers.getFirst(WebhookSignature.SIGNATURE_HEADER),
                body, now);
        if (!check.valid()) {
            return IngressDecision.Answer.error(401, check.reason());
        }
        try {
            return new IngressDecision.Accept(parser.parse(botId, body, now));
        } catch (MalformedPayloadException e) {
            return IngressDecision.Answer.error(400, e.getMessage());
        }
    }
}
