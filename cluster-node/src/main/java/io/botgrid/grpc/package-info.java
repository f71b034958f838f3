/**
 * Botgrid's gRPC front: the {@code botgrid.v1} actor and cluster services, standard health checking and server
 * reflection, served by every node.
 *
 * <p>{@link io.botgrid.grpc.BotgridGrpcServer} is the server's lifecycle (a {@link io.botgrid.node.BotgridNode}
 * starts and stops it), {@link io.botgrid.grpc.GrpcServerConfig} its settings, {@link io.botgrid.grpc.ApiKey} and
 * {@link io.botgrid.grpc.Role} the authentication model. The services and interceptors live in
 * {@code io.botgrid.grpc.internal} and are not API.
 */
package io.botgrid.grpc;
