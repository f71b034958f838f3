/** The SDK's machinery: channels and failover, retries, status mapping, the gRPC-backed APIs. Not API. */
package io.botgrid.client.internal;
