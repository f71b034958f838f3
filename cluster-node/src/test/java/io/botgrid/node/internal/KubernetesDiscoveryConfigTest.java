package io.botgrid.node.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botgrid.node.NodeConfig;
import io.botgrid.node.NodeConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.apache.ignite.spi.discovery.tcp.ipfinder.kubernetes.TcpDiscoveryKubernetesIpFinder;
import org.apache.ignite.spi.discovery.tcp.ipfinder.vm.TcpDiscoveryVmIpFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kubernetesService} switches discovery from the static seeds to Ignite's Kubernetes IP finder. */
class KubernetesDiscoveryConfigTest {
    @TempDir
    Path dir;

    @Test
    void kubernetesServiceInTheFileSelectsTheKubernetesIpFinder() throws Exception {
        Path file = dir.resolve("node.yaml");
        Files.writeString(file, """
                kubernetesService: botgrid-discovery
                kubernetesNamespace: botgrid
                """);
        NodeConfig c = new NodeConfigLoader().load(file);
        assertThat(c.kubernetesService()).isEqualTo("botgrid-discovery");
        assertThat(c.storage().kubernetesNamespace()).isEqualTo("botgrid");
        TcpDiscoverySpi discovery = (TcpDiscoverySpi) IgniteSetup.configuration(c.storage()).getDiscoverySpi();
        assertThat(discovery.getIpFinder()).isInstanceOf(TcpDiscoveryKubernetesIpFinder.class);
    }

    @Test
    void withoutItTheSeedsAreUsed() {
        NodeConfig c = NodeConfig.builder().build();
        assertThat(c.kubernetesService()).isNull();
        assertThat(c.kubernetesNamespace()).isEqualTo("default");
        TcpDiscoverySpi discovery = (TcpDiscoverySpi) IgniteSetup.configuration(c.storage()).getDiscoverySpi();
        assertThat(discovery.getIpFinder()).isInstanceOf(TcpDiscoveryVmIpFinder.class);
    }

    @Test
    void refusesANameKubernetesWouldRefuse() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "kubernetesService: Botgrid_Nodes\n");
        assertThatThrownBy(() -> new NodeConfigLoader().load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kubernetesService must be a Kubernetes service name");
    }
}
