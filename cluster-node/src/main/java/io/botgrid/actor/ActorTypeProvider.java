package io.botgrid.actor;

/**
 * Registers actor types from a plugin jar, so that {@code bin/botgrid node start} hosts a user's own actors without
 * a main of their own. A node loads every provider found in the jars of its plugins folder ({@code pluginsDir}) through
 * {@link java.util.ServiceLoader}: the jar names the implementing class in
 * {@code META-INF/services/io.botgrid.actor.ActorTypeProvider}. The class needs a public no-argument constructor.
 *
 * <p>Why a callback on the builder rather than a returned map: the builder already refuses a type name registered twice
 * or one that {@link ActorId} would refuse, so a plugin clashing with a built-in or another plugin fails the node's
 * start with the name of the type. Every node of a cluster must load the same providers (the same plugins folder
 * content), since any node may own any actor.
 */
public interface ActorTypeProvider {
    /** Adds this plugin's types, e.g. {@code types.register("cart", new CartBehavior(), settings)}. */
    void register(ActorTypes.Builder types);
}
