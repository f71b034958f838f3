package io.botgrid.node.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What two nodes' actor types must share, and how a difference is told. */
class ActorTypeAgreementTest {
    private static final String CART = "cart=ex.CartCommand>ex.CartEvent>ex.Cart";
    private static final String SESSION = "session=b.SessionCommand>b.SessionEvent>b.SessionReply";

    @Test
    void sameTypesWithTheSameMessagesAgree() {
        assertThat(ActorTypeAgreement.disagreement("a", CART + ";" + SESSION,
                Map.of("b", CART + ";" + SESSION, "c", CART + ";" + SESSION))).isEmpty();
        assertThat(ActorTypeAgreement.disagreement("a", "", Map.of("b", ""))).isEmpty();
    }

    @Test
    void nodesThatPublishNothingAreNotCompared() {
        Map<String, String> others = new HashMap<>();
        others.put("old", null);
        assertThat(ActorTypeAgreement.disagreement("a", CART, others)).isEmpty();
    }

    @Test
    void everyDifferenceIsNamed() {
        String changed = "cart=ex.CartCommand>ex.CartEventV2>ex.Cart";
        assertThat(ActorTypeAgreement.disagreement("a", CART + ";" + SESSION, Map.of("b", changed)))
                .hasValueSatisfying(why -> assertThat(why)
                        .startsWith("node a hosts other actor types than node b: ")
                        .contains("type 'cart' takes ex.CartCommand>ex.CartEvent>ex.Cart here but "
                                + "ex.CartCommand>ex.CartEventV2>ex.Cart there")
                        .contains("type 'session' is missing there"));
        assertThat(ActorTypeAgreement.disagreement("a", CART, Map.of("b", CART + ";" + SESSION)))
                .hasValueSatisfying(why -> assertThat(why).contains("type 'session' is missing here"));
    }
}
