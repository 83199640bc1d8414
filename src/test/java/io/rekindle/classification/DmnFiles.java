package io.rekindle.classification;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The DMN files as the jar ships them (the pom copies the top-level dmn/ folder to the classpath). */
final class DmnFiles {

    static final List<String> CHANNEL_VARIABLES = List.of("emailStatus", "emailConsent", "emailReactivity", "smsConsent", "phoneKnown");

    private DmnFiles() {
    }

    static byte[] read(String name) {
        try (InputStream in = DmnFiles.class.getClassLoader().getResourceAsStream("dmn/" + name)) {
            if (in == null) {
                throw new IllegalStateException("dmn/" + name + " is not on the test classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DecisionEvaluator classification(int cacheSize) {
        return DecisionEvaluator.load(read("inactivity-classification.dmn"), "inactivity-classification",
                ClassificationEvaluator.VARIABLES, cacheSize);
    }

    static DecisionEvaluator channelSelection(int cacheSize) {
        return DecisionEvaluator.load(read("channel-selection.dmn"), "channel-selection", CHANNEL_VARIABLES, cacheSize);
    }

    /** A one-column, one-rule table: enough to compare how the engine and the compiler read one input entry. */
    static byte[] singleCellTable(String typeRef, String inputEntry) {
        String escaped = inputEntry.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Definitions_Cell" name="Cell"
                             namespace="http://camunda.org/schema/1.0/dmn">
                  <decision id="cell" name="Cell">
                    <decisionTable id="DecisionTable_Cell" hitPolicy="FIRST">
                      <input id="Input_Value" label="Value">
                        <inputExpression id="InputExpression_Value" typeRef="%s"><text>value</text></inputExpression>
                      </input>
                      <output id="Output_Hit" name="hit" typeRef="string" />
                      <rule id="Rule_Cell">
                        <description>the entry under test</description>
                        <inputEntry id="Rule_Cell_Value"><text>%s</text></inputEntry>
                        <outputEntry id="Rule_Cell_Hit"><text>"hit"</text></outputEntry>
                      </rule>
                    </decisionTable>
                  </decision>
                </definitions>
                """.formatted(typeRef, escaped)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
