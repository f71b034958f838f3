package io.botgrid.grpc.internal;

import io.grpc.health.v1.HealthGrpc;
import java.util.Set;

/** Services every caller may use without a token or a slot: health checking and server reflection. */
final class OpenServices {
    private static final Set<String> NAMES = Set.of(HealthGrpc.SERVICE_NAME,
            "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection");

    private OpenServices() {
    }

    static boolean contains(String serviceName) {
        return NAMES.contains(serviceName);
    }
}
