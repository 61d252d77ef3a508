package dev.eventidempotency.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.eventidempotency.adapter.kafka.DeadLetterTopic;
import dev.eventidempotency.adapter.smtp.SmtpSecurity;
import dev.eventidempotency.adapter.smtp.SmtpSettings;
import dev.eventidempotency.application.outbox.RetrySchedule;
import dev.eventidempotency.application.user.WelcomeEmails;
import dev.eventidempotency.bootstrap.config.MailOptions;
import dev.eventidempotency.bootstrap.config.MailSettings;
import dev.eventidempotency.bootstrap.guarantees.ServiceUnderTest;
import dev.eventidempotency.bootstrap.local.OrderedPublisher;
import dev.eventidempotency.bootstrap.outbox.ScheduledOutboxRelay;
import dev.eventidempotency.bootstrap.testing.EndToEndTest;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import dev.eventidempotency.domain.idempotency.TopicName;
import dev.eventidempotency.domain.shared.EmailAddress;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OpenTelemetry tracing end to end, on the real broker, database and SMTP server, the spans caught by
 * the SDK's in-memory exporter: a record's trace goes on through its unit of work to its e-mail, and
 * through the event it causes to the downstream service that consumes it.
 */
class TracingIT extends EndToEndTest {

    private static final RetrySchedule QUICK_RETRIES = new RetrySchedule(Duration.ofMillis(200), Duration.ofSeconds(1), 1_000);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final AttributeKey<List<String>> OUTCOME = AttributeKey.stringArrayKey("event_idempotency.outcome");
    private static final String USER_CREATED = """
            {"eventId":"%s","type":"UserCreated","occurredAt":"2026-11-28T10:00:00Z",
             "payload":{"userId":"%s","email":"%s","name":"Ada"}}""";

    @RegisterExtension
    static final GreenMailExtension mailServer = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private OpenTelemetrySdk openTelemetry;

    @BeforeEach
    void traceInMemory() {
        openTelemetry = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
    }

    @AfterEach
    void stopTracing() {
        openTelemetry.close();
    }

    @Test
    void aTracedRecordYieldsSpansInItsTraceForConsumeUnitOfWorkAndEmailSend() throws Exception {
        String topic = TestKafka.freshTopic("traced", 1);
        Traceparent sent = Traceparent.random();
        publish(topic, sent, userCreated("traced-1", "00000000-0000-4000-8000-000000000001", "ada@example.org"));

        try (RunningService service = RunningService.startTraced("user-service", topic, db, openTelemetry);
             ScheduledOutboxRelay relay = relayTo(mailServer.getSmtp().getPort())) {
            service.awaitAccountedFor(1);
            await().atMost(WAIT).until(() -> spanNamed("smtp send", sent.traceId()) != null);
        }

        SpanData process = spanNamed("process " + topic, sent.traceId());
        assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(process.getParentSpanId()).isEqualTo(sent.spanId());
        assertThat(process.getLinks()).extracting(link -> link.getSpanContext().getSpanId()).containsExactly(sent.spanId());
        assertThat(process.getAttributes().asMap()).containsEntry(AttributeKey.stringKey("messaging.system"), "kafka")
                .containsEntry(AttributeKey.stringKey("messaging.operation.type"), "process")
                .containsEntry(AttributeKey.stringKey("messaging.destination.name"), topic)
                .containsEntry(AttributeKey.stringKey("messaging.destination.partition.id"), "0")
                .containsEntry(AttributeKey.longKey("messaging.kafka.offset"), 0L)
                .containsEntry(AttributeKey.stringKey("messaging.consumer.group.name"), "user-service")
                .containsEntry(OUTCOME, List.of("processed"));
        SpanData unitOfWork = spanNamed("unit of work", sent.traceId());
        assertThat(unitOfWork.getParentSpanId()).isEqualTo(process.getSpanId());
        SpanData send = spanNamed("smtp send", sent.traceId());
        assertThat(send.getParentSpanId()).isEqualTo(unitOfWork.getSpanId());
        assertThat(send.getAttributes().get(AttributeKey.stringKey("event_idempotency.event_id"))).isEqualTo("traced-1");
        assertThat(mailServer.getReceivedMessages()).hasSize(1);
    }

    @Test
    void aRecordsTraceGoesOnThroughTheEventItCausesToTheDownstreamService() throws Exception {
        String topic = TestKafka.freshTopic("traced-chain", 1);
        TopicName registered = new TopicName(TestKafka.freshTopic("traced-registered", 1));
        Traceparent sent = Traceparent.random();
        publish(topic, sent, userCreated("chain-1", "00000000-0000-4000-8000-000000000003", "cy@example.org"));
        ServiceUnderTest upstream = ServiceUnderTest.of("user-service", topic, db);

        try (RunningService service = RunningService.startTraced("user-service", topic, db, openTelemetry,
                CompositionRoot.sampleHandler(new WelcomeEmails(new EmailAddress(MailOptions.DEFAULT_SENDER)), registered));
             ScheduledOutboxRelay relay = CompositionRoot.startEventRelay(db.database(), upstream.settings().kafkaConnection(),
                     upstream.settings().service(), List.of(registered), Duration.ofMillis(100), QUICK_RETRIES,
                     MailOptions.DEFAULT_BATCH_SIZE, openTelemetry);
             RunningWelcomeStats stats = RunningWelcomeStats.startTraced(upstream.settings(), registered, openTelemetry)) {
            service.awaitAccountedFor(1);
            await().atMost(WAIT).until(() -> spanNamed("process " + registered.value(), sent.traceId()) != null);
        }

        SpanData publish = spanNamed("send " + registered.value(), sent.traceId());
        assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(publish.getParentSpanId()).isEqualTo(spanNamed("unit of work", sent.traceId()).getSpanId());
        assertThat(publish.getAttributes().asMap()).containsEntry(AttributeKey.stringKey("messaging.system"), "kafka")
                .containsEntry(AttributeKey.stringKey("messaging.operation.type"), "send")
                .containsEntry(AttributeKey.stringKey("messaging.destination.name"), registered.value());
        ConsumerRecord<byte[], byte[]> event = TestKafka.readFromBeginning(registered.value(), 1).get(0);
        assertThat(TestKafka.header(event, "traceparent")).isEqualTo("00-" + sent.traceId() + "-" + publish.getSpanId() + "-01");
        SpanData downstream = spanNamed("process " + registered.value(), sent.traceId());
        assertThat(downstream.getParentSpanId()).isEqualTo(publish.getSpanId());
        assertThat(downstream.getAttributes().get(AttributeKey.stringKey("messaging.consumer.group.name")))
                .isEqualTo("welcome-stats");
    }

    @Test
    void aDuplicatesSpanSaysSo() throws Exception {
        String topic = TestKafka.freshTopic("traced-duplicate", 1);
        byte[] event = userCreated("dup-1", "00000000-0000-4000-8000-000000000002", "bo@example.org");
        Traceparent first = Traceparent.random();
        Traceparent again = Traceparent.random();
        publish(topic, first, event);

        try (RunningService service = RunningService.startTraced("user-service", topic, db, openTelemetry)) {
            service.awaitAccountedFor(1);
            publish(topic, again, event);
            service.awaitAccountedFor(2);
            await().atMost(WAIT).until(() -> spanNamed("process " + topic, again.traceId()) != null);
        }

        assertThat(spanNamed("process " + topic, first.traceId()).getAttributes().get(OUTCOME)).containsExactly("processed");
        SpanData duplicate = spanNamed("process " + topic, again.traceId());
        assertThat(duplicate.getAttributes().get(OUTCOME)).containsExactly("duplicate_skipped");
        assertThat(duplicate.getAttributes().get(AttributeKey.longKey("event_idempotency.duplicates_skipped"))).isEqualTo(1L);
    }

    @Test
    void aDeadLetterKeepsTheTraceHeaderAndItsSpanSaysSo() throws Exception {
        String topic = TestKafka.freshTopic("traced-dead-letter", 1);
        Traceparent sent = Traceparent.random();
        publish(topic, sent, "{\"eventId\": \"broken".getBytes(StandardCharsets.UTF_8));

        try (RunningService service = RunningService.startTraced("user-service", topic, db, openTelemetry)) {
            service.awaitAccountedFor(1);
            await().atMost(WAIT).until(() -> spanNamed("process " + topic, sent.traceId()) != null);
        }

        List<ConsumerRecord<byte[], byte[]>> deadLetters = TestKafka.readFromBeginning(DeadLetterTopic.nameFor(topic), 1);
        assertThat(deadLetters).singleElement()
                .satisfies(deadLetter -> assertThat(TestKafka.header(deadLetter, "traceparent")).isEqualTo(sent.header()));
        SpanData process = spanNamed("process " + topic, sent.traceId());
        assertThat(process.getAttributes().get(OUTCOME)).containsExactly("dead_lettered");
        assertThat(process.getEvents()).extracting(event -> event.getName()).containsExactly("dead-lettered");
    }

    @Test
    void aBatchLinksToTheTraceOfEachOfItsRecords() throws Exception {
        String topic = TestKafka.freshTopic("traced-batch", 1);
        List<Traceparent> sent = List.of(Traceparent.random(), Traceparent.random(), Traceparent.random());
        try (Producer<byte[], byte[]> producer = OrderedPublisher.to(TestKafka.bootstrapServers())) {
            for (int i = 0; i < sent.size(); i++) {
                producer.send(traced(topic, sent.get(i), userCreated("batch-" + i,
                        "00000000-0000-4000-8000-00000000001" + i, "user" + i + "@example.org"))).get();
            }
        }

        try (RunningService service = RunningService.startTraced("user-service", topic, db, openTelemetry)) {
            service.awaitAccountedFor(3);
        }

        List<SpanData> processSpans = spans.getFinishedSpanItems().stream()
                .filter(span -> span.getName().equals("process " + topic)).toList();
        assertThat(processSpans.stream().flatMap(span -> span.getLinks().stream()).map(LinkData::getSpanContext)
                .map(context -> context.getTraceId()))
                .containsExactlyInAnyOrderElementsOf(sent.stream().map(Traceparent::traceId).toList());
        assertThat(processSpans).filteredOn(span -> span.getLinks().size() > 1)
                .allSatisfy(batch -> assertThat(sent).extracting(Traceparent::traceId).doesNotContain(batch.getTraceId()));
    }

    private SpanData spanNamed(String name, String traceId) {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getName().equals(name) && span.getTraceId().equals(traceId))
                .findFirst().orElse(null);
    }

    private ScheduledOutboxRelay relayTo(int port) {
        MailSettings settings = new MailSettings(new EmailAddress(MailOptions.DEFAULT_SENDER),
                SmtpSettings.unauthenticated("127.0.0.1", port, SmtpSecurity.NONE), Duration.ofMillis(100), QUICK_RETRIES);
        return CompositionRoot.startOutboxRelay(db.database(), settings, openTelemetry);
    }

    private static void publish(String topic, Traceparent trace, byte[] value) throws Exception {
        try (Producer<byte[], byte[]> producer = OrderedPublisher.to(TestKafka.bootstrapServers())) {
            producer.send(traced(topic, trace, value)).get();
        }
    }

    private static ProducerRecord<byte[], byte[]> traced(String topic, Traceparent trace, byte[] value) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, value);
        record.headers().add("traceparent", trace.header().getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static byte[] userCreated(String eventId, String userId, String email) {
        return USER_CREATED.formatted(eventId, userId, email).getBytes(StandardCharsets.UTF_8);
    }

    /** A W3C traceparent as an upstream producer would send it: sampled, of a span that is not ours. */
    private record Traceparent(String traceId, String spanId) {

        static Traceparent random() {
            HexFormat hex = HexFormat.of();
            byte[] trace = new byte[16];
            byte[] span = new byte[8];
            ThreadLocalRandom.current().nextBytes(trace);
            ThreadLocalRandom.current().nextBytes(span);
            return new Traceparent(hex.formatHex(trace), hex.formatHex(span));
        }

        String header() {
            return "00-" + traceId + "-" + spanId + "-01";
        }
    }
}
