package io.rekindle.classification;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A memo of recent evaluations. When full it starts over instead of evicting one entry at a time: no bookkeeping on
 * the hot path, and during a daily run yesterday's distinct input tuples are rarely seen again anyway.
 */
final class BoundedCache<K, V> {

    private final int capacity;
    private final ConcurrentHashMap<K, V> entries;

    BoundedCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative");
        }
        this.capacity = capacity;
        this.entries = new ConcurrentHashMap<>(Math.min(capacity, 1 << 16));
    }

    V get(K key, Function<K, V> compute) {
        if (capacity == 0) {
            return compute.apply(key);
        }
        V cached = entries.get(key);
        if (cached != null) {
            return cached;
        }
        V value = compute.apply(key);
        if (entries.size() >= capacity) {
            entries.clear();
        }
        entries.put(key, value);
        return value;
    }

    int size() {
        return entries.size();
    }
}
