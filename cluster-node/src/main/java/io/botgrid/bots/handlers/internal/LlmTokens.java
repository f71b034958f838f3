package io.botgrid.bots.handlers.internal;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.Arrays;
import java.util.List;

/**
 * Counts tokens as the model's tokenizer would (jtokkit, locally), for trimming prompts and for budgets when the
 * service reports no usage.
 *
 * <p>Why counted here and not estimated from characters: the context bound and the daily budget are in tokens, and a
 * character estimate is off by a factor of two or more outside English. The registry is lazy: only the encodings
 * bots name are loaded (each a few MB). Thread-safe.
 */
final class LlmTokens {
    /** What a chat message costs besides its text (role and separators), as OpenAI documents for its chat models. */
    static final int PER_MESSAGE = 4;
    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

    private final Encoding encoding;

    private LlmTokens(Encoding encoding) {
        this.encoding = encoding;
    }

    /** The counter of a {@link #known} encoding name. */
    static LlmTokens of(String name) {
        EncodingType type = EncodingType.fromName(name)
                .orElseThrow(() -> new IllegalArgumentException("unknown encoding " + name));
        return new LlmTokens(REGISTRY.getEncoding(type));
    }

    static boolean known(String name) {
        return EncodingType.fromName(name).isPresent();
    }

    static List<String> names() {
        return Arrays.stream(EncodingType.values()).map(EncodingType::getName).sorted().toList();
    }

    /** Tokens of {@code text} alone. */
    int count(String text) {
        return text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }

    /** Tokens of one chat message of {@code text}. */
    int message(String text) {
        return count(text) + PER_MESSAGE;
    }
}
