/**
 * The gRPC front's machinery: the actor and cluster service implementations, the event stream of
 * {@code FollowEvents}, the authentication, in-flight limiting and failure barrier interceptors, the parsing of
 * requests that turns unreadable ones into INVALID_ARGUMENT, the extra files of server reflection, and the mapping of
 * actor failures to gRPC status codes. Not API: types here change without notice; use {@code io.botgrid.grpc}.
 */
package io.botgrid.grpc.internal;
