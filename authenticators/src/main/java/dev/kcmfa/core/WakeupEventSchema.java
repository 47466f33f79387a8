package dev.kcmfa.core;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.infinispan.protostream.FileDescriptorSource;
import org.infinispan.protostream.GeneratedSchema;
import org.infinispan.protostream.ProtobufTagMarshaller;
import org.infinispan.protostream.SerializationContext;
import org.infinispan.protostream.TagReader;

/**
 * How {@link WakeupEvent} crosses the cluster: Keycloak 26 marshals cluster events with ProtoStream and finds the
 * schemas of extensions through {@code ServiceLoader} (META-INF/services), as it finds its own. One message, one
 * string; written by hand because the annotation processor would be a build dependency for these few lines.
 */
public final class WakeupEventSchema implements GeneratedSchema {

    static final String TYPE = "kcmfa.WakeupEvent";
    private static final String FILE = "kcmfa-wakeup.proto";
    private static final String SCHEMA = "syntax = \"proto3\";\npackage kcmfa;\nmessage WakeupEvent {\n"
            + "  string key = 1;\n}\n";
    private static final int KEY_TAG = 1 << 3 | 2;

    @Override
    public String getProtoFileName() {
        return FILE;
    }

    @Override
    public String getProtoFile() throws UncheckedIOException {
        return SCHEMA;
    }

    @Override
    public void registerSchema(SerializationContext context) {
        context.registerProtoFiles(FileDescriptorSource.fromString(FILE, SCHEMA));
    }

    @Override
    public void registerMarshallers(SerializationContext context) {
        context.registerMarshaller(new Marshaller());
    }

    static final class Marshaller implements ProtobufTagMarshaller<WakeupEvent> {

        @Override
        public Class<? extends WakeupEvent> getJavaClass() {
            return WakeupEvent.class;
        }

        @Override
        public String getTypeName() {
            return TYPE;
        }

        @Override
        public WakeupEvent read(ReadContext context) throws IOException {
            TagReader reader = context.getReader();
            String key = "";
            for (int tag = reader.readTag(); tag != 0; tag = reader.readTag()) {
                if (tag == KEY_TAG) {
                    key = reader.readString();
                } else if (!reader.skipField(tag)) {
                    break;
                }
            }
            return new WakeupEvent(key);
        }

        @Override
        public void write(WriteContext context, WakeupEvent event) throws IOException {
            context.getWriter().writeString(1, event.key());
        }
    }
}
