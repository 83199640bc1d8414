package io.rekindle.tracking;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a link scanner's click is told from a person's ({@link RobotClicks}): a click within {@code afterDelivery} of
 * the message's delivery, a second click on the same message within {@code burst}, or a User-Agent containing one
 * of {@code userAgents} (case-insensitive).
 */
@ConfigurationProperties("rekindle.tracking.robots")
record RobotClickProperties(
        @DefaultValue("PT30S") Duration afterDelivery,
        @DefaultValue("PT2S") Duration burst,
        @DefaultValue({"bot", "crawler", "spider", "scanner", "preview", "barracuda", "mimecast", "proofpoint",
                "ironport", "fortiguard", "trendmicro", "sophos", "forcepoint", "symantec", "safelinks", "curl/",
                "wget/", "python-", "go-http-client", "java-http-client", "okhttp", "apache-httpclient",
                "libwww-perl", "headlesschrome"}) List<String> userAgents) {
}
