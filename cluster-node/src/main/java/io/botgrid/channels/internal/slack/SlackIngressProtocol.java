package io.botgrid.channels.internal.slack;

import io.botgrid.channels.ChannelKind;
import io.botgrid.channels.ChannelSecrets;
import io.botgrid.channels.internal.IngressDecision;
import io.botgrid.channels.internal.IngressProtocol;
import io.botgrid.channels.internal.RequestHeaders;
import io.botgrid.channels.internal.MalformedPayloadException;
import io.botgrid.channels.internal.SignatureCheck;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slack's Events API as the endpoint speaks it: nothing is read before the signature checks out; the URL handshake
 * is answered with its challenge; events the bot must not answer are acknowledged (200) so that Slack stops
 * sending them; messages are handed on. Slack's redeliveries ({@code X-Slack-Retry-Num}) are handled like first
 * deliveries, since storage de-duplicates by event id; they are logged because many of them mean the node answers
 * too slowly. Thread-safe.
 */
public final class SlackIngressProtocol implements IngressProtocol {
    /** Header Slack sets on redeliveries: 1, 2, 3. */
    public static final String RETRY_NUM_HEADER = "X-Slack-Retry-Num";
    /** Header saying why Slack redelivers, e.g. {@code http_timeout}. */
    public static final String RETRY_REASON_HEADER = "X-Slack-Retry-Reason";

    private static final Logger LOG = LoggerFactory.getLogger(SlackIngressProtocol.class);

    private final SlackEventParser parser;

    /** A protocol with its own parser. */
    public SlackIngressProtocol() {
        this(new SlackEventParser());
    }

    /** A protocol parsing with {@code parser}. */
    public SlackIngressProtocol(SlackEventParser parser) {
        this.parser = parser;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.SLACK;
    }

    @Override
    public IngressDecision decide(String botId, ChannelSecrets secrets, RequestHeaders headers, byte[] body, Instant now) {
        SignatureCheck check = SlackSignatureVerifier.verify(secrets.signingSecret(),
                headers.getFirst(SlackSignatureVerifier.TIMESTAMP_HEADER),
                headers.getFirst(SlackSignatureVerifier.SIGNATURE_HEADER), body, now);
        if (!check.valid()) {
            return IngressDecision.Answer.error(401, check.reason());
        }
        String retryNum = headers.getFirst(RETRY_NUM_HEADER);
        if (retryNum != null) {
            LOG.info("Slack redelivery #{} ({}) for bot {}", retryNum, headers.getFirst(RETRY_REASON_HEADER), botId);
        }
        SlackEvent event;
        try {
            event = parser.parse(body, secrets.botUserId());
        } catch (MalformedPayloadException e) {
            return IngressDecision.Answer.error(400, e.getMessage());
        }
        if (event instanceof SlackEvent.UrlVerification v) {
            return new IngressDecision.Answer(200, Map.of("challenge", v.challenge()));
        }
        if (event instanceof SlackEvent.Message m) {
            return new IngressDecision.Accept(SlackMessages.toInbound(botId, m, now, secrets.threadReplies()));
        }
        if (event instanceof SlackEvent.Ignored i) {
            LOG.debug("Ignored a Slack event for bot {}: {}", botId, i.reason());
        } else if (event instanceof SlackEvent.Unsupported u) {
            LOG.debug("Unsupported Slack callback {} for bot {}", u.type(), botId);
        }
        return IngressDecision.Answer.ok();
    }
}
