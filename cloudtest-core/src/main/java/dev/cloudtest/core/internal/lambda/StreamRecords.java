package dev.cloudtest.core.internal.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The two stream sources a Lambda event source mapping reads, behind one interface: their shards, iterators and
 * records, each record already in the shape Lambda delivers it ({@code DynamodbEvent} / {@code KinesisEvent}
 * records, with {@code eventSourceARN}).
 */
interface StreamRecords {
    ObjectMapper MAPPER = new ObjectMapper();

    /**
     * One record.
     *
     * @param sequenceNumber its sequence number in the shard
     * @param event the record as Lambda delivers it
     * @param filtered what {@code FilterCriteria} patterns are matched against
     * @param arrival when it reached the stream
     */
    record StreamRecord(String sequenceNumber, ObjectNode event, ObjectNode filtered, Instant arrival) {}

    /** A page of a shard: its records and the iterator of what follows (empty when the shard is closed). */
    record Page(List<StreamRecord> records, Optional<String> next) {}

    /** The stream's ARN, Lambda's {@code eventSourceARN}. */
    String arn();

    /** {@code DDBStreamBatchInfo} or {@code KinesisBatchInfo}, for the on-failure record. */
    String batchInfoName();

    List<String> shardIds();

    /**
     * An iterator at the starting position.
     *
     * @param position {@code TRIM_HORIZON}, {@code LATEST} or {@code AT_TIMESTAMP}
     */
    String iterator(String shardId, String position, Optional<Instant> timestamp);

    Page read(String shardId, String iterator, int limit);

    /** A DynamoDB table's stream. */
    static StreamRecords dynamodb(DynamoDbStreamsClient streams, String streamArn, String region) {
        return new StreamRecords() {
            @Override
            public String arn() {
                return streamArn;
            }

            @Override
            public String batchInfoName() {
                return "DDBStreamBatchInfo";
            }

            @Override
            public List<String> shardIds() {
                return streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards().stream()
                        .map(software.amazon.awssdk.services.dynamodb.model.Shard::shardId)
                        .toList();
            }

            @Override
            public String iterator(String shardId, String position, Optional<Instant> timestamp) {
                return streams.getShardIterator(r -> r.streamArn(streamArn)
                                .shardId(shardId)
                                .shardIteratorType(ShardIteratorType.fromValue(position)))
                        .shardIterator();
            }

            @Override
            public Page read(String shardId, String iterator, int limit) {
                var response = streams.getRecords(r -> r.shardIterator(iterator).limit(Math.min(limit, 1000)));
                List<StreamRecord> records = new ArrayList<>();
                for (var record : response.records()) {
                    var data = record.dynamodb();
                    ObjectNode event = MAPPER.createObjectNode()
                            .put("eventID", record.eventID())
                            .put("eventName", record.eventNameAsString())
                            .put("eventVersion", record.eventVersion() == null ? "1.1" : record.eventVersion())
                            .put("eventSource", "aws:dynamodb")
                            .put("awsRegion", record.awsRegion() == null ? region : record.awsRegion());
                    ObjectNode dynamodb = event.putObject("dynamodb");
                    Instant created = data.approximateCreationDateTime() == null
                            ? Instant.now()
                            : data.approximateCreationDateTime();
                    dynamodb.put("ApproximateCreationDateTime", created.getEpochSecond());
                    dynamodb.set("Keys", item(data.keys()));
                    if (data.hasNewImage()) {
                        dynamodb.set("NewImage", item(data.newImage()));
                    }
                    if (data.hasOldImage()) {
                        dynamodb.set("OldImage", item(data.oldImage()));
                    }
                    dynamodb.put("SequenceNumber", data.sequenceNumber());
                    if (data.sizeBytes() != null) {
                        dynamodb.put("SizeBytes", data.sizeBytes());
                    }
                    dynamodb.put("StreamViewType", data.streamViewTypeAsString());
                    event.put("eventSourceARN", streamArn);
                    records.add(new StreamRecord(data.sequenceNumber(), event, event, created));
                }
                return new Page(records, Optional.ofNullable(response.nextShardIterator()));
            }
        };
    }

    /** A Kinesis data stream. */
    static StreamRecords kinesis(KinesisClient kinesis, String streamArn, String region, String roleArn) {
        return new StreamRecords() {
            @Override
            public String arn() {
                return streamArn;
            }

            @Override
            public String batchInfoName() {
                return "KinesisBatchInfo";
            }

            @Override
            public List<String> shardIds() {
                return kinesis.listShards(r -> r.streamARN(streamArn)).shards().stream()
                        .map(software.amazon.awssdk.services.kinesis.model.Shard::shardId)
                        .toList();
            }

            @Override
            public String iterator(String shardId, String position, Optional<Instant> timestamp) {
                return kinesis.getShardIterator(r -> r.streamARN(streamArn)
                                .shardId(shardId)
                                .shardIteratorType(position)
                                .timestamp(timestamp.orElse(null)))
                        .shardIterator();
            }

            @Override
            public Page read(String shardId, String iterator, int limit) {
                var response = kinesis.getRecords(
                        r -> r.streamARN(streamArn).shardIterator(iterator).limit(Math.min(limit, 10000)));
                List<StreamRecord> records = new ArrayList<>();
                for (var record : response.records()) {
                    Instant arrival = record.approximateArrivalTimestamp() == null
                            ? Instant.now()
                            : record.approximateArrivalTimestamp();
                    byte[] bytes = record.data().asByteArray();
                    ObjectNode event = MAPPER.createObjectNode();
                    ObjectNode data = event.putObject("kinesis")
                            .put("kinesisSchemaVersion", "1.0")
                            .put("partitionKey", record.partitionKey())
                            .put("sequenceNumber", record.sequenceNumber())
                            .put("data", Base64.getEncoder().encodeToString(bytes))
                            .put(
                                    "approximateArrivalTimestamp",
                                    BigDecimal.valueOf(arrival.toEpochMilli()).movePointLeft(3));
                    event.put("eventSource", "aws:kinesis")
                            .put("eventVersion", "1.0")
                            .put("eventID", shardId + ":" + record.sequenceNumber())
                            .put("eventName", "aws:kinesis:record")
                            .put("invokeIdentityArn", roleArn)
                            .put("awsRegion", region)
                            .put("eventSourceARN", streamArn);
                    // Filters see the data decoded when it is JSON, as Lambda's do.
                    ObjectNode filtered = data.deepCopy();
                    try {
                        filtered.set("data", MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8)));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        filtered.put("data", new String(bytes, StandardCharsets.UTF_8));
                    }
                    records.add(new StreamRecord(record.sequenceNumber(), event, filtered, arrival));
                }
                return new Page(records, Optional.ofNullable(response.nextShardIterator()));
            }
        };
    }

    /** DynamoDB's JSON for an item: each attribute as {@code {"S": ...}}, {@code {"N": ...}}, ... */
    static ObjectNode item(Map<String, AttributeValue> attributes) {
        ObjectNode item = MAPPER.createObjectNode();
        attributes.forEach((name, value) -> item.set(name, value(value)));
        return item;
    }

    private static JsonNode value(AttributeValue v) {
        ObjectNode node = MAPPER.createObjectNode();
        switch (v.type()) {
            case S -> node.put("S", v.s());
            case N -> node.put("N", v.n());
            case B -> node.put("B", Base64.getEncoder().encodeToString(v.b().asByteArray()));
            case BOOL -> node.put("BOOL", v.bool());
            case NUL -> node.put("NULL", true);
            case SS -> v.ss().forEach(node.putArray("SS")::add);
            case NS -> v.ns().forEach(node.putArray("NS")::add);
            case BS -> {
                ArrayNode set = node.putArray("BS");
                v.bs().forEach(b -> set.add(Base64.getEncoder().encodeToString(b.asByteArray())));
            }
            case M -> node.set("M", item(v.m()));
            case L -> {
                ArrayNode list = node.putArray("L");
                v.l().forEach(e -> list.add(value(e)));
            }
            default -> node.putNull("NULL");
        }
        return node;
    }
}
