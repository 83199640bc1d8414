package io.rekindle.system;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.jackson.TypeNameResolver;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.providers.ObjectMapperProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;

/**
 * The API's description, served at {@code /v3/api-docs} (JSON) and {@code /v3/api-docs.yaml} to every user with a
 * role, read in the Swagger UI at {@code /swagger-ui.html}. Springdoc reads the handlers; this adds what it cannot
 * see: HTTP Basic, the problem responses (the filters' ones, those of the request body and typed parameters, and
 * each handler's {@link ApiProblem}s) and the README's examples.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocs {

    static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    private static final String PROBLEM = "Problem";

    /** The request bodies of the README's "Try it" curl lines, by operation. */
    static final Map<String, String> EXAMPLES = Map.of(
            "POST /api/contacts", """
                    {"externalId": "cust-1001", "email": "marie@example.com", "phone": "+33612345678",
                      "firstName": "Marie", "locale": "fr", "emailConsent": true, "smsConsent": false}""",
            "POST /api/events", """
                    {"externalId": "cust-1001", "type": "PURCHASE", "amount": 49.90, "eventId": "order-778"}""");

    @Bean
    OpenAPI rekindleApi() {
        return new OpenAPI()
                .info(new Info().title("Rekindle API").version("1")
                        .description("Sign-ups and events from the company's systems; contacts, messages, KPIs,"
                                + " classification, journeys and erasures for the people who run Rekindle. Every"
                                + " call takes HTTP Basic credentials of a Rekindle (Camunda) user; what it may do"
                                + " follows the user's groups. Every error is an RFC 7807 problem"
                                + " (application/problem+json) whose detail says what to fix. The engine's own REST"
                                + " API (/engine-rest) is Camunda's, documented by Camunda."))
                .components(new Components()
                        .addSecuritySchemes("basic",
                                new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
                        .addSchemas(PROBLEM, problemSchema()))
                .addSecurityItem(new SecurityRequirement().addList("basic"));
    }

    @SuppressWarnings("rawtypes")
    private static Schema<?> problemSchema() {
        Schema<?> error = new ObjectSchema().addProperty("field", new StringSchema())
                .addProperty("message", new StringSchema());
        return new ObjectSchema().description("RFC 7807 problem details")
                .addProperty("type", new StringSchema().example("about:blank"))
                .addProperty("title", new StringSchema().example("Invalid request"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema().example("The request has invalid fields: [email must be"
                        + " a valid email address]"))
                .addProperty("instance", new StringSchema())
                .addProperty("errors", new ArraySchema().items((Schema) error)
                        .description("the invalid fields, on a 400 for invalid fields"));
    }

    /**
     * Schema names of nested types carry their outer type's ({@code KpisReport}, {@code JourneyMigrationReport}): by
     * simple name alone, two types called Report would share one schema, the last one read. Replaces springdoc's
     * resolver of the same class; first in the list so that springdoc's own converters (ResponseEntity…) still come
     * before it in the chain.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    ModelResolver nestedTypeNames(ObjectMapperProvider mappers) {
        return new ModelResolver(mappers.jsonMapper(), new TypeNameResolver() {
            @Override
            protected String getNameOfClass(Class<?> cls) {
                Class<?> outer = cls.getEnclosingClass();
                return outer != null && cls.getName().startsWith("io.rekindle.")
                        ? getNameOfClass(outer) + cls.getSimpleName() : super.getNameOfClass(cls);
            }
        });
    }

    @Bean
    OperationCustomizer problemsAndExamples(@Value("${rekindle.api.max-body-bytes:65536}") long maxBodyBytes) {
        return (operation, handler) -> {
            // springdoc lists every @ExceptionHandler of the advice on every operation: replaced by what is true here
            if (operation.getResponses() != null) {
                operation.getResponses().keySet().removeIf(code -> code.startsWith("4") || code.startsWith("5"));
            }
            problems(handler, maxBodyBytes).forEach((status, when) -> operation.getResponses().addApiResponse(
                    Integer.toString(status), problem(status, when)));
            example(operation, handler);
            return operation;
        };
    }

    /** Status → when, for every problem this handler's route answers. */
    private static Map<Integer, String> problems(HandlerMethod handler, long maxBodyBytes) {
        Map<Integer, String> problems = new TreeMap<>();
        boolean body = Arrays.stream(handler.getMethodParameters())
                .anyMatch(p -> p.hasParameterAnnotation(RequestBody.class));
        boolean typed = Arrays.stream(handler.getMethodParameters()).anyMatch(ApiDocs::typedParameter);
        if (body) {
            problems.put(400, "Invalid fields (listed in errors), malformed JSON, a key given twice, an unknown"
                    + " enum value.");
            problems.put(413, "The body exceeds " + maxBodyBytes + " bytes (rekindle.api.max-body-bytes).");
            problems.put(415, "The body is not application/json.");
        } else if (typed) {
            problems.put(400, "A parameter has an invalid value.");
        }
        problems.put(401, "No or wrong HTTP Basic credentials (WWW-Authenticate: Basic).");
        boolean change = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), GetMapping.class) == null;
        problems.put(403, change ? "The user's roles do not allow this route, or a page of another site asked for"
                + " this change." : "The user's roles do not allow this route.");
        problems.put(429, "Too many wrong passwords from this address for this account; Retry-After says when.");
        problems.put(503, "The database cannot be reached; Retry-After says when to retry (an event keeps its"
                + " eventId).");
        // on the handler, or on an annotation it carries (SegmentCall.OfAContact)
        for (ApiProblem own : AnnotatedElementUtils.getMergedRepeatableAnnotations(handler.getMethod(),
                ApiProblem.class)) {
            problems.merge(own.status(), own.when(), (common, specific) -> common + " Also: " + specific);
        }
        return problems;
    }

    private static boolean typedParameter(MethodParameter parameter) {
        boolean bound = parameter.hasParameterAnnotation(PathVariable.class)
                || parameter.hasParameterAnnotation(RequestParam.class);
        return bound && parameter.getParameterType() != String.class;
    }

    private static ApiResponse problem(int status, String when) {
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", "about:blank");
        example.put("title", HttpStatus.valueOf(status).getReasonPhrase());
        example.put("status", status);
        example.put("detail", when);
        return new ApiResponse().description(when).content(new Content().addMediaType(PROBLEM_JSON,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)).example(example)));
    }

    private static void example(Operation operation, HandlerMethod handler) {
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            return;
        }
        String route = route(handler);
        String json = EXAMPLES.get(route);
        MediaType media = operation.getRequestBody().getContent().get("application/json");
        if (json != null && media != null) {
            try {
                media.addExamples("readme", new Example().summary("From the README's \"Try it\"")
                        .value(new ObjectMapper().readValue(json, Map.class)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Example of " + route + " is not JSON", e);
            }
        }
    }

    /** "POST /api/contacts", from the handler's mapping annotations (one method, one path each here). */
    private static String route(HandlerMethod handler) {
        var mapping = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        var base = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RequestMapping.class);
        if (mapping == null || mapping.method().length != 1) {
            return "";
        }
        String path = (base == null || base.path().length == 0 ? "" : base.path()[0])
                + (mapping.path().length == 0 ? "" : mapping.path()[0]);
        return mapping.method()[0].name() + " " + path;
    }
}
