/**
 * The public programming model of Botgrid's virtual actors.
 *
 * <p>An actor is named by an {@link io.botgrid.actor.ActorId} and always exists logically; its behaviour is an
 * {@link io.botgrid.actor.EventSourcedBehavior}: commands become events, events fold into state. Callers reach
 * actors through an {@link io.botgrid.actor.ActorClient}; every failure is one of the subclasses of
 * {@link io.botgrid.actor.ActorException}. The machinery lives in {@code io.botgrid.actor.internal} and is not API.
 */
package io.botgrid.actor;
