package org.postern.dns;

import java.time.Duration;

import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.api.TimeMetric;
import org.reactivestreams.Publisher;

/** A MetricFactory that measures nothing, for constructing DNS services in tests. */
@SuppressWarnings("deprecation")
public final class TestMetricFactory implements MetricFactory {

    @Override
    public Metric generate(String name) {
        return new Metric() {
            @Override
            public void increment() {
            }

            @Override
            public void decrement() {
            }

            @Override
            public void add(int value) {
            }

            @Override
            public void remove(int value) {
            }

            @Override
            public long getCount() {
                return 0;
            }
        };
    }

    @Override
    public TimeMetric timer(String name) {
        return new TimeMetric() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public ExecutionResult stopAndPublish() {
                return new ExecutionResult() {
                    @Override
                    public Duration elasped() {
                        return Duration.ZERO;
                    }

                    @Override
                    public ExecutionResult logWhenExceedP99(Duration thresholdInNanoSeconds) {
                        return this;
                    }
                };
            }
        };
    }

    @Override
    public <T> Publisher<T> decoratePublisherWithTimerMetric(String name, Publisher<T> publisher) {
        return publisher;
    }

    @Override
    public <T> Publisher<T> decoratePublisherWithTimerMetricLogP99(String name, Publisher<T> publisher) {
        return publisher;
    }
}
