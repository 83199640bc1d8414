package io.rekindle.support;

import com.icegreen.greenmail.util.GreenMail;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * The outside world of an in-process test's app, one of each per app: a real SMTP server (GreenMail) on a free
 * loopback port and a local SMS provider, with {@code spring.mail.port} and {@code rekindle.sms.base-url} pointing at
 * them. A test takes them as beans ({@code @Autowired GreenMail smtp}, {@code @Autowired SmsProvider sms}).
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestServers {

    @Bean(destroyMethod = "stop")
    GreenMail smtp() {
        return TestSmtp.start(TestSmtp.freePort());
    }

    @Bean(destroyMethod = "close")
    SmsProvider smsProvider() {
        return new SmsProvider();
    }

    @Bean
    DynamicPropertyRegistrar channels(GreenMail smtp, SmsProvider sms) {
        int smtpPort = smtp.getSmtp().getPort(); // the same port when a test stops and restarts the server
        return registry -> {
            registry.add("spring.mail.port", () -> smtpPort);
            registry.add("rekindle.sms.base-url", sms::baseUrl);
        };
    }
}
