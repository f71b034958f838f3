package io.botgrid.channels.internal;

import io.botgrid.channels.ChannelKind;
import io.botgrid.channels.ChannelSecrets;
import java.time.Instant;

/**
 * One platform's part of handling a callback: verify the signature, read the body, decide. Everything protocol
 * neutral (routing, size limits, secret lookup, storing with a deadline, writing the response) is done by
 * {@link IngressRoute}, so adding a platform means writing only this.
 */
public interface IngressProtocol {
    /** The channel kind whose secrets verify this protocol's requests. */
    ChannelKind kind();

    /**
     * Decides about one request for an existing bot channel. Must answer 401 (and never accept) when the request is
     * not authentic.
     *
     * @param botId the bot named in the path
     * @param secrets the bot channel's secrets
     * @param headers request headers
     * @param body the raw body, at most the configured size
     * @param now this node's clock
     */
    IngressDecision decide(String botId, ChannelSecrets secrets, RequestHeaders headers, byte[] body, Instant now);
}
