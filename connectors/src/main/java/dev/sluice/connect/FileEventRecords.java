package dev.sluice.connect;

import dev.sluice.schemas.FileEvent;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.Map;

/** FileEvents as Connect source records: key the file id (a string), value a Struct of the FileEvent schema. */
public final class FileEventRecords {
    /** Exactly FileEvent's Avro schema, as Connect sees it. */
    public static final Schema VALUE_SCHEMA = AvroToConnect.schema(FileEvent.getClassSchema());

    private FileEventRecords() {
    }

    public static SourceRecord record(Map<String, ?> partition, Map<String, ?> offset, String topic, FileEvent event) {
        return new SourceRecord(partition, offset, topic, null, Schema.STRING_SCHEMA, event.getId(), VALUE_SCHEMA,
                AvroToConnect.struct(event, VALUE_SCHEMA), event.getEventTime().toEpochMilli());
    }
}
