package io.botgrid.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botgrid.actor.ActorSettings;
import io.botgrid.actor.ActorTypes;
import io.botgrid.actor.ApiExposure;
import io.botgrid.grpc.Role;
import io.botgrid.samples.CounterBehavior;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** How the front reads each actor type's {@link ApiExposure}: which types it may reach, and with which roles. */
class TypeCatalogExposureTest {

    @Test
    void exposureRoleLabelsAreExactlyTheFrontsRoles() {
        assertThat(ApiExposure.ROLES)
                .isEqualTo(Arrays.stream(Role.values()).map(Role::label).collect(Collectors.toSet()));
    }

    @Test
    void userTypesDefaultToClientsAndAdminsInternalTypesAreHidden() {
        ActorTypes types = ActorTypes.builder()
                .register("counter", new CounterBehavior())
                .register("hidden", new CounterBehavior(), ActorSettings.DEFAULT.withApiExposure(ApiExposure.INTERNAL))
                .register("dashboard", new CounterBehavior(), ActorSettings.DEFAULT.withApiExposure(
                        ApiExposure.roles(Set.of(ApiExposure.ADMIN), Set.of(ApiExposure.OPERATOR, ApiExposure.ADMIN))))
                .build();
        TypeCatalog catalog = new TypeCatalog(types);

        TypeCatalog.Entry counter = catalog.findExposed("counter").orElseThrow();
        assertThat(counter.roles(TypeCatalog.Access.CALL)).containsExactlyInAnyOrder(Role.CLIENT, Role.ADMIN);
        assertThat(counter.roles(TypeCatalog.Access.FOLLOW)).containsExactlyInAnyOrder(Role.CLIENT, Role.ADMIN);
        TypeCatalog.Entry dashboard = catalog.findExposed("dashboard").orElseThrow();
        assertThat(dashboard.roles(TypeCatalog.Access.CALL)).containsExactly(Role.ADMIN);
        assertThat(dashboard.roles(TypeCatalog.Access.FOLLOW)).containsExactlyInAnyOrder(Role.OPERATOR, Role.ADMIN);

        assertThat(catalog.findExposed("hidden")).as("internal: as unknown as a type never registered").isEmpty();
        assertThat(catalog.find("hidden")).as("still registered, for placement").isPresent();
        assertThat(catalog.exposedTypes()).isEqualTo("[counter, dashboard]");
    }

    @Test
    void exposureRefusesUnknownRolesAndRolesOnAHiddenType() {
        assertThatThrownBy(() -> ApiExposure.roles(Set.of("root"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("callRoles contains 'root', which is not one of [admin, client, operator]");
        assertThatThrownBy(() -> new ApiExposure(false, Set.of(ApiExposure.CLIENT), Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a type that is not exposed allows no role");
        assertThat(ApiExposure.INTERNAL.mayCall(ApiExposure.ADMIN)).isFalse();
        assertThat(ApiExposure.DEFAULT.mayCall(ApiExposure.OPERATOR)).isFalse();
        assertThat(ApiExposure.DEFAULT.mayFollow(ApiExposure.CLIENT)).isTrue();
        assertThat(ActorSettings.DEFAULT.apiExposure()).isEqualTo(ApiExposure.DEFAULT);
    }
}
