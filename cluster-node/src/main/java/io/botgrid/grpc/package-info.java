/**
 * Botgrid's gRPC front: the {@code botgrid.v1} actor and cluster services, standard health checking and server
 * reflection, served by every node.
 *
 * <p>{@link io.botgrid.grpc.BotgridGrpcServer} is the server's lifecycle (the node starts and stops it and tells it
 * when to report SERVING), {@link io.botgrid.grpc.FrontPorts} what it needs of the node (actor client, actor types,
 * journal reader, bots API, cluster admin), {@link io.botgrid.grpc.GrpcServerConfig} its settings, {@link io.botgrid.grpc.ApiKey} and
 * {@link io.botgrid.grpc.Role} the authentication model. The services and interceptors live in
 * {@code io.botgrid.grpc.internal} and are not API.
 */
package io.botgrid.grpc;
