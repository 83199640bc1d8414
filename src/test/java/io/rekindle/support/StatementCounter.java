package io.rekindle.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Counts the SQL statements and commits the app sends to its real database, per thread that sent them: the app's
 * {@link DataSource} bean is wrapped (test only), so the engine, Flyway and our repositories all go through it. A
 * test {@link #clear()}s, makes one request, then reads what that request's server thread sent.
 */
@TestConfiguration(proxyBeanMethods = false)
public class StatementCounter {

    /** One statement (or a commit, {@code sql} = COMMIT), and the thread that sent it. */
    public record Sent(String thread, String sql) {

        public boolean isCommit() {
            return "COMMIT".equals(sql);
        }
    }

    private static final ConcurrentLinkedQueue<Sent> SENT = new ConcurrentLinkedQueue<>();

    @Bean
    static BeanPostProcessor countingDataSource() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof DataSource dataSource && !(bean instanceof Counting)
                        ? new Counting(dataSource) : bean;
            }
        };
    }

    public static void clear() {
        SENT.clear();
    }

    /** What the server's request threads sent since {@link #clear()}, in order. */
    public static List<Sent> fromRequests() {
        return sent(s -> s.thread().startsWith("http-nio"));
    }

    public static List<Sent> sent(Predicate<Sent> which) {
        return SENT.stream().filter(which).toList();
    }

    public static long statements(List<Sent> sent) {
        return sent.stream().filter(s -> !s.isCommit()).count();
    }

    public static long commits(List<Sent> sent) {
        return sent.stream().filter(Sent::isCommit).count();
    }

    private static void record(String sql) {
        SENT.add(new Sent(Thread.currentThread().getName(), sql));
    }

    private static final class Counting extends DelegatingDataSource {

        Counting(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            return connection(super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return connection(super.getConnection(username, password));
        }

        private static Connection connection(Connection target) {
            return proxy(Connection.class, target, (method, args, result) -> {
                switch (method.getName()) {
                    case "commit" -> record("COMMIT");
                    case "prepareStatement" -> {
                        return proxy(PreparedStatement.class, (PreparedStatement) result, statement((String) args[0]));
                    }
                    case "prepareCall" -> {
                        return proxy(CallableStatement.class, (CallableStatement) result, statement((String) args[0]));
                    }
                    case "createStatement" -> {
                        return proxy(Statement.class, (Statement) result, statement(null));
                    }
                    default -> { }
                }
                return result;
            });
        }

        private static After statement(String prepared) {
            return (method, args, result) -> {
                if (method.getName().startsWith("execute")) {
                    String sql = prepared != null ? prepared
                            : args != null && args.length > 0 && args[0] instanceof String s ? s : "?";
                    record(sql.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT));
                }
                return result;
            };
        }
    }

    private interface After {
        Object apply(Method method, Object[] args, Object result) throws Throwable;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, After after) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return after.apply(method, args, result);
        };
        return (T) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
