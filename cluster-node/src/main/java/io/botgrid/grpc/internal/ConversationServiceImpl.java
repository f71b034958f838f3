package io.botgrid.grpc.internal;

import io.botgrid.proto.v1.ConversationServiceGrpc;
import io.botgrid.proto.v1.ConverseRequest;
import io.botgrid.proto.v1.ConverseResponse;
import io.botgrid.proto.v1.GetHistoryRequest;
import io.botgrid.proto.v1.GetHistoryResponse;
import io.botgrid.proto.v1.ListSessionsRequest;
import io.botgrid.proto.v1.ListSessionsResponse;
import io.botgrid.proto.v1.SendMessageRequest;
import io.botgrid.proto.v1.SendMessageResponse;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * {@code botgrid.v1.ConversationService}: unary calls go straight to the node's bot platform; each
 * {@code Converse} call is a {@link ConverseStream}. The service keeps the open streams so that a stopping node can
 * tell their callers to move elsewhere, as it does for event streams.
 */
public final class ConversationServiceImpl extends ConversationServiceGrpc.ConversationServiceImplBase {
    private final String nodeName;
    private final PlatformLookup platform;
    private final Executor callbacks;
    private final Set<ConverseStream> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    ConversationServiceImpl(String nodeName, PlatformLookup platform, Executor callbacks) {
        this.nodeName = nodeName;
        this.platform = platform;
        this.callbacks = callbacks;
    }

    @Override
    public void sendMessage(SendMessageRequest request, StreamObserver<SendMessageResponse> responses) {
        UnaryAnswer.answer("SendMessage", () -> platform.api().sendMessage(request), responses, callbacks);
    }

    @Override
    public void getHistory(GetHistoryRequest request, StreamObserver<GetHistoryResponse> responses) {
        UnaryAnswer.answer("GetHistory", () -> platform.api().history(request), responses, callbacks);
    }

    @Override
    public void listSessions(ListSessionsRequest request, StreamObserver<ListSessionsResponse> responses) {
        UnaryAnswer.answer("ListSessions", () -> platform.api().listSessions(request), responses, callbacks);
    }

    @Override
    public StreamObserver<ConverseRequest> converse(StreamObserver<ConverseResponse> responses) {
        ServerCallStreamObserver<ConverseResponse> observer = (ServerCallStreamObserver<ConverseResponse>) responses;
        ConverseStream stream = new ConverseStream(nodeName, platform, observer, callbacks, open::remove);
        stream.start();
        open.add(stream);
        if (closing) {
            stream.end(Status.UNAVAILABLE.withDescription("node " + nodeName + " is stopping; converse through "
                    + "another node"));
        }
        return stream;
    }

    /** Conversation streams open now. */
    int openStreams() {
        return open.size();
    }

    /** Ends every conversation stream with UNAVAILABLE: the node is stopping. */
    void closeAll() {
        closing = true;
        open.forEach(ConverseStream::nodeStopping);
    }
}
