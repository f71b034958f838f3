package io.botgrid.bots.handlers.internal;

import io.botgrid.bots.ConfiguredHandler;
import io.botgrid.bots.HandlerRequest;
import io.botgrid.bots.HandlerResult;
import io.botgrid.bots.SessionView;
import io.botgrid.bots.handlers.ChainPort;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The handler of a bot whose handler is {@code chain:<name>}: the message's text goes into the chain's head, and each
 * non-empty text that leaves the chain (through its end function, if it has one) is a reply.
 *
 * <p>Why it is only a handler: the session calls it inside its turn like any other, so ordering (one message at a
 * time per conversation), de-duplication by message id, the handler timeout and the outbox stay the session's; a
 * chain that refuses, loses or is too slow with a message fails that message like a failing handler does. The key is
 * the conversation, so key-ordered stages keep one conversation's messages in order.
 */
public final class ChainHandler implements ConfiguredHandler {
    /** Headers the stages may read: who sent the message, where. */
    public static final String BOT = "botgrid-bot";
    public static final String MESSAGE_ID = "botgrid-message-id";
    public static final String USER = "botgrid-user";
    public static final String PLATFORM = "botgrid-platform";
    public static final String TEAM = "botgrid-team";
    public static final String CONVERSATION = "botgrid-conversation";

    private final ChainPort chains;
    private final String chainId;

    public ChainHandler(ChainPort chains, String chainId) {
        this.chains = chains;
        this.chainId = chainId;
    }

    @Override
    public CompletionStage<HandlerResult> onMessage(HandlerRequest request) {
        SessionView s = request.session();
        Map<String, String> headers = Map.of(BOT, request.botId(), MESSAGE_ID, request.message().messageId(),
                USER, request.message().userId(), PLATFORM, s.platform(), TEAM, s.team(),
                CONVERSATION, s.conversation());
        String key = s.platform() + "/" + s.team() + "/" + s.conversation();
        return chains.push(chainId, key, request.message().text(), headers).thenApply(ChainHandler::result);
    }

    private static HandlerResult result(List<String> outputs) {
        HandlerResult.Builder b = HandlerResult.builder();
        for (String text : outputs) {
            if (!text.isBlank()) {
                b.reply(text);
            }
        }
        return b.build();
    }
}
