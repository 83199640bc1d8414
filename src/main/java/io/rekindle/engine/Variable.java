package io.rekindle.engine;

/**
 * A process variable with its name (as the diagrams use it) and its type, declared once per journey instead of a
 * string and a cast in every delegate. Read and write it through {@link Step#get} and {@link Step#set}.
 */
public record Variable<T>(String name, Class<T> type) {

    public static <T> Variable<T> of(String name, Class<T> type) {
        return new Variable<>(name, type);
    }
}
