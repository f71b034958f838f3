package io.botgrid.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Inputs for property tests of parsers of outside input: random bytes, and valid inputs broken the way a hostile or
 * buggy sender breaks them (bytes flipped, cut short, parts repeated, syntax and escapes spliced in). Mutations start
 * from a valid input because random bytes rarely get past a parser's first check; mutated ones reach deep into it.
 */
public final class Mutations {
    /** Fragments that stress a JSON or YAML reader: escapes, lone surrogates, huge numbers, nesting, anchors. */
    private static final List<String> SPLICES = List.of("\"", "\\", "{", "}", "[", "]", ":", ",", "\\ud800",
            "\\udfff\\ud800", "\\u0000", "null", "true", "-", "1e999999999", "99999999999999999999999999999",
            "0x1F", "NaN", "\n", "\r\n", "\t", "- ", ": ", "&a ", "*a", "!!binary ", "!!java.lang.Object ", "---\n",
            "...\n", "%YAML 1.1\n", "'", "|\n", ">\n", "#", "?", "\u00e9", "\u202e", "\uffff", "\ud83d\ude00",
            "[".repeat(64), "{\"a\":".repeat(64), "- ".repeat(64));

    private Mutations() {
    }

    /** Random bytes, up to {@code maxLength} long. */
    public static Arbitrary<byte[]> randomBytes(int maxLength) {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(maxLength);
    }

    /** One of the seeds, broken by one to four mutations. */
    public static Arbitrary<byte[]> mutated(List<String> seeds) {
        return Arbitraries.of(seeds).flatMap(seed -> Arbitraries.randoms().map(r -> mutate(
                seed.getBytes(StandardCharsets.UTF_8), r)));
    }

    /** The seed broken by one to four random mutations drawn from {@code random}. */
    public static byte[] mutate(byte[] seed, Random random) {
        byte[] out = seed;
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            out = mutateOnce(out, random);
        }
        return out;
    }

    private static byte[] mutateOnce(byte[] in, Random random) {
        int at = in.length == 0 ? 0 : random.nextInt(in.length + 1);
        switch (random.nextInt(7)) {
            case 0: { // flip a byte
                if (in.length == 0) {
                    return new byte[] {(byte) random.nextInt(256)};
                }
                byte[] out = in.clone();
                out[Math.min(at, out.length - 1)] = (byte) random.nextInt(256);
                return out;
            }
            case 1: // truncate
                return Arrays.copyOf(in, at);
            case 2: { // delete a range
                int end = Math.min(in.length, at + 1 + random.nextInt(16));
                return concat(Arrays.copyOf(in, at), Arrays.copyOfRange(in, end, in.length));
            }
            case 3: { // repeat a range
                int end = Math.min(in.length, at + 1 + random.nextInt(32));
                byte[] part = Arrays.copyOfRange(in, at, end);
                return concat(Arrays.copyOf(in, end), part, Arrays.copyOfRange(in, end, in.length));
            }
            case 4: { // insert random bytes
                byte[] noise = new byte[1 + random.nextInt(8)];
                random.nextBytes(noise);
                return concat(Arrays.copyOf(in, at), noise, Arrays.copyOfRange(in, at, in.length));
            }
            default: { // splice in a fragment that readers treat specially
                byte[] splice = SPLICES.get(random.nextInt(SPLICES.size())).getBytes(StandardCharsets.UTF_8);
                return concat(Arrays.copyOf(in, at), splice, Arrays.copyOfRange(in, at, in.length));
            }
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Whether {@code s} holds a UTF-16 surrogate that is not part of a pair (such a string has no UTF-8 form). */
    public static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return true;
            }
            if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
