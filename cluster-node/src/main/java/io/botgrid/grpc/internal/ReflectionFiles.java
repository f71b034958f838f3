package io.botgrid.grpc.internal;

import com.google.protobuf.AnyProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DurationProto;
import com.google.protobuf.EmptyProto;
import com.google.protobuf.StructProto;
import com.google.protobuf.TimestampProto;
import com.google.protobuf.WrappersProto;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes message types that no service mentions, such as the commands, events and replies of the actor types (which
 * travel inside {@code google.protobuf.Any}) and the well-known wrappers, findable through server reflection.
 *
 * <p>Why this way: grpc-java's reflection indexes the file that each registered service's schema descriptor names,
 * and the files it imports, and nothing else. So a service's schema descriptor is replaced by one whose file is a
 * synthetic, empty {@value #FILE_NAME} importing the service's own file and the extra files. The service's name,
 * methods and the answers for its own symbols stay the same, and no dummy service appears in the service list.
 */
final class ReflectionFiles {
    /** Name of the synthetic file; reflection serves it like any other (it declares nothing). */
    static final String FILE_NAME = "botgrid/v1/reflection_types.proto";

    /** Files of the well-known types a caller may meet in an {@code Any}. */
    static final List<FileDescriptor> WELL_KNOWN = List.of(WrappersProto.getDescriptor(),
            AnyProto.getDescriptor(), TimestampProto.getDescriptor(), DurationProto.getDescriptor(),
            EmptyProto.getDescriptor(), StructProto.getDescriptor());

    private ReflectionFiles() {
    }

    /**
     * The service with the extra files reachable through its schema descriptor; the service itself when it has no
     * Protobuf schema descriptor.
     */
    static ServerServiceDefinition attach(ServerServiceDefinition service, Collection<FileDescriptor> extra) {
        io.grpc.ServiceDescriptor original = service.getServiceDescriptor();
        if (!(original.getSchemaDescriptor() instanceof ProtoServiceDescriptorSupplier schema)) {
            return service;
        }
        Map<String, FileDescriptor> imports = new LinkedHashMap<>();
        imports.put(schema.getFileDescriptor().getName(), schema.getFileDescriptor());
        for (FileDescriptor file : extra) {
            imports.putIfAbsent(file.getName(), file);
        }
        FileDescriptor index;
        try {
            index = FileDescriptor.buildFrom(FileDescriptorProto.newBuilder().setName(FILE_NAME).setSyntax("proto3")
                    .addAllDependency(imports.keySet()).build(), imports.values().toArray(new FileDescriptor[0]));
        } catch (DescriptorValidationException e) {
            throw new IllegalStateException("cannot build the reflection index file " + FILE_NAME, e);
        }
        io.grpc.ServiceDescriptor.Builder descriptor = io.grpc.ServiceDescriptor.newBuilder(original.getName())
                .setSchemaDescriptor(new Schema(index, schema.getServiceDescriptor()));
        original.getMethods().forEach(descriptor::addMethod);
        ServerServiceDefinition.Builder rebuilt = ServerServiceDefinition.builder(descriptor.build());
        service.getMethods().forEach(rebuilt::addMethod);
        return rebuilt.build();
    }

    /** The service's own descriptor, in the synthetic file as far as reflection is concerned. */
    private record Schema(FileDescriptor file, ServiceDescriptor service) implements ProtoServiceDescriptorSupplier {
        @Override
        public FileDescriptor getFileDescriptor() {
            return file;
        }

        @Override
        public ServiceDescriptor getServiceDescriptor() {
            return service;
        }
    }
}
