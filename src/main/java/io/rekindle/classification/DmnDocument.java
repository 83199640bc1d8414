package io.rekindle.classification;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The decision tables of a DMN file, read with the JDK's XML parser so that compiling them depends on no engine
 * (we may move from Camunda to Operaton). Keeps only what evaluation needs, plus the rule annotations.
 */
public record DmnDocument(String namespace, String expressionLanguage, Map<String, Decision> decisions) {

    public static final String DMN13_NAMESPACE = "https://www.omg.org/spec/DMN/20191111/MODEL/";

    public record Decision(String id, String name, List<String> requiredDecisionIds, DecisionTable table) {
    }

    /** hitPolicy as written in the file, UNIQUE when absent (the DMN default). */
    public record DecisionTable(String hitPolicy, String aggregation, List<Input> inputs, List<Output> outputs, List<Rule> rules) {
    }

    public record Input(String label, String expression, String typeRef, String expressionLanguage) {
    }

    public record Output(String name, String typeRef) {
    }

    public record Rule(String id, String annotation, List<Entry> inputEntries, List<Entry> outputEntries) {
    }

    public record Entry(String text, String expressionLanguage) {
    }

    public static DmnDocument parse(byte[] xml) {
        Element root;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            root = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml)).getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("Not a readable DMN file: " + e.getMessage(), e);
        }
        if (!"definitions".equals(root.getLocalName())) {
            throw new IllegalArgumentException("Not a DMN file: root element is " + root.getLocalName());
        }
        Map<String, Decision> decisions = new LinkedHashMap<>();
        for (Element decision : children(root, "decision")) {
            List<String> required = new ArrayList<>();
            for (Element requirement : children(decision, "informationRequirement")) {
                for (Element requiredDecision : children(requirement, "requiredDecision")) {
                    required.add(requiredDecision.getAttribute("href").replaceFirst("^#", ""));
                }
            }
            List<Element> tables = children(decision, "decisionTable");
            DecisionTable table = tables.isEmpty() ? null : table(tables.get(0));
            String id = decision.getAttribute("id");
            decisions.put(id, new Decision(id, decision.getAttribute("name"), List.copyOf(required), table));
        }
        return new DmnDocument(root.getNamespaceURI(), attribute(root, "expressionLanguage"), decisions);
    }

    private static DecisionTable table(Element table) {
        List<Input> inputs = new ArrayList<>();
        for (Element input : children(table, "input")) {
            List<Element> expressions = children(input, "inputExpression");
            Element expression = expressions.isEmpty() ? null : expressions.get(0);
            inputs.add(new Input(input.getAttribute("label"),
                    expression == null ? null : text(expression),
                    expression == null ? null : attribute(expression, "typeRef"),
                    expression == null ? null : attribute(expression, "expressionLanguage")));
        }
        List<Output> outputs = children(table, "output").stream()
                .map(output -> new Output(attribute(output, "name"), attribute(output, "typeRef")))
                .toList();
        List<Rule> rules = new ArrayList<>();
        for (Element rule : children(table, "rule")) {
            List<Element> descriptions = children(rule, "description");
            rules.add(new Rule(rule.getAttribute("id"),
                    descriptions.isEmpty() ? null : descriptions.get(0).getTextContent().trim(),
                    entries(rule, "inputEntry"), entries(rule, "outputEntry")));
        }
        String hitPolicy = attribute(table, "hitPolicy");
        return new DecisionTable(hitPolicy == null ? "UNIQUE" : hitPolicy, attribute(table, "aggregation"),
                List.copyOf(inputs), outputs, List.copyOf(rules));
    }

    private static List<Entry> entries(Element rule, String name) {
        return children(rule, name).stream().map(entry -> new Entry(text(entry), attribute(entry, "expressionLanguage"))).toList();
    }

    private static String text(Element element) {
        List<Element> texts = children(element, "text");
        return texts.isEmpty() ? "" : texts.get(0).getTextContent();
    }

    private static String attribute(Element element, String name) {
        return element.hasAttribute(name) ? element.getAttribute(name) : null;
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> result = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && localName.equals(element.getLocalName())) {
                result.add(element);
            }
        }
        return result;
    }

    /** Rule id → annotation, over all decisions: both evaluation paths explain a rule with it. */
    public Map<String, String> annotations() {
        Map<String, String> annotations = new LinkedHashMap<>();
        decisions.values().stream().filter(decision -> decision.table() != null)
                .flatMap(decision -> decision.table().rules().stream())
                .forEach(rule -> annotations.put(rule.id(), rule.annotation()));
        return annotations;
    }
}
