/**
 * The gRPC front's machinery: the actor and cluster service implementations, the event stream of
 * {@code FollowEvents}, the authentication and in-flight limiting interceptors, and the mapping of actor failures to
 * gRPC status codes. Not API: types here change without notice; use {@code io.botgrid.grpc}.
 */
package io.botgrid.grpc.internal;
