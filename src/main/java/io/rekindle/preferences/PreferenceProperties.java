package io.rekindle.preferences;

import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code rekindle.preferences}: the topics marketing offers on the page (id and label per language, in the order
 * shown), which topic each template belongs to (a template not listed has no topic: only channel and frequency
 * apply to it), and how long a page link stays valid. A template mapped to an unknown topic stops the start.
 */
@ConfigurationProperties("rekindle.preferences")
record PreferenceProperties(List<Topic> topics, Map<String, String> templateTopics, Period linkValidity) {

    record Topic(String id, String fr, String en) {

        String label(String locale) {
            return "fr".equals(locale) ? fr : en;
        }
    }

    PreferenceProperties {
        topics = topics == null ? List.of() : List.copyOf(topics);
        templateTopics = templateTopics == null ? Map.of() : Map.copyOf(templateTopics);
        linkValidity = linkValidity == null ? Period.ofYears(1) : linkValidity;
        Set<String> ids = topics.stream().map(Topic::id).collect(Collectors.toSet());
        for (Topic topic : topics) {
            if (topic.id() == null || !topic.id().matches("[a-z0-9-]{1,40}") || topic.fr() == null
                    || topic.en() == null) {
                throw new IllegalArgumentException("rekindle.preferences.topics: each topic needs an id (a-z, 0-9,"
                        + " -) and fr and en labels");
            }
        }
        templateTopics.forEach((template, topic) -> {
            if (!ids.contains(topic)) {
                throw new IllegalArgumentException("rekindle.preferences.template-topics." + template
                        + " names topic '" + topic + "', which is not one of rekindle.preferences.topics " + ids);
            }
        });
    }

    Set<String> topicIds() {
        return topics.stream().map(Topic::id).collect(Collectors.toSet());
    }
}
