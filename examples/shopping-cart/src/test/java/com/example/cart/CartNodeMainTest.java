package com.example.cart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.cart.proto.Cart;
import io.botgrid.client.BotgridException;
import io.botgrid.client.ErrorCode;
import io.botgrid.node.BotgridNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node main of one's own, from a YAML file, called through its gRPC front with the SDK, then stopped cleanly. */
class CartNodeMainTest {
    @TempDir
    Path work;

    @Test
    void nodeFromYamlServesTheCartToTheSdk() throws Exception {
        Path yaml = work.resolve("node.yaml");
        Files.writeString(yaml, """
                nodeName: cart-test
                dataDir: %s
                host: 127.0.0.1
                discoveryPort: %d
                communicationPort: %d
                portRange: 0
                seeds: ["127.0.0.1:%2$d"]
                grpcPort: 0
                botsEnabled: false
                """.formatted(work.resolve("data").toString().replace('\\', '/'), freePort(), freePort()));

        BotgridNode node = CartNodeMain.start(yaml);
        try (CartClient carts = new CartClient("127.0.0.1:" + node.grpcPort())) {
            carts.add("bob", "apple", 2, "order-1-line-1");
            carts.add("bob", "apple", 2, "order-1-line-1"); // a retry: applied once
            Cart cart = carts.checkout("bob");

            assertThat(cart.getItemsMap()).containsEntry("apple", 2);
            assertThat(cart.getCheckedOut()).isTrue();
            assertThatThrownBy(() -> carts.add("bob", "pear", 1, "order-1-line-2"))
                    .isInstanceOfSatisfying(BotgridException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.FAILED_PRECONDITION));
        } finally {
            node.close();
        }
        assertThat(node.whenStopped()).isDone();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aBadConfigFileIsRefusedWithTheKey() throws IOException {
        Path yaml = work.resolve("bad.yaml");
        Files.writeString(yaml, "grpcPrt: 0\n");

        assertThatThrownBy(() -> CartNodeMain.start(yaml)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("grpcPrt");
    }
}
