package org.inocds.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * One job per package at the edge (issue 24): feedback's endpoints are in {@code feedback}, the protocol's
 * ({@code cdshooks}) are the CDS Hooks discovery and service calls; the wire shapes' closed members are enums in
 * {@code protocol}, which depends on nothing of ours; and HTML is written in templates, not in Java strings.
 */
class EdgeTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.inocds");

    private static final List<Class<? extends Annotation>> MAPPINGS = List.of(RequestMapping.class,
            GetMapping.class, PostMapping.class, PutMapping.class, DeleteMapping.class, PatchMapping.class);

    /** The paths a handler method is mapped to (its {@code value} and {@code path}). */
    private static List<String> paths(JavaMethod method) {
        return MAPPINGS.stream().filter(method::isAnnotatedWith).map(method::getAnnotationOfType).flatMap(a -> {
            try {
                var value = (String[]) a.annotationType().getMethod("value").invoke(a);
                var path = (String[]) a.annotationType().getMethod("path").invoke(a);
                return Stream.concat(Arrays.stream(value), Arrays.stream(path));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static DescribedPredicate<JavaMethod> mappedTo(String what, Predicate<String> path) {
        return DescribedPredicate.describe("mapped to " + what, m -> paths(m).stream().anyMatch(path));
    }

    private static final DescribedPredicate<JavaMethod> HANDLERS = DescribedPredicate.describe("HTTP handlers",
            m -> MAPPINGS.stream().anyMatch(m::isAnnotatedWith));

    @Test
    void feedbackEndpointsLiveInFeedback() {
        ArchRule rule = methods().that(mappedTo("a feedback path", p -> p.contains("feedback")))
                .should().beDeclaredInClassesThat().resideInAPackage("org.inocds.feedback..")
                .because("feedback owns its endpoints: the POST of outcomes and the summary, in JSON and as a page");
        rule.check(MAIN);
        assertThat(MAIN.stream().flatMap(c -> c.getMethods().stream()).filter(m -> paths(m).stream().anyMatch(p -> p.contains("feedback"))))
                .as("the rule above has handlers to check").hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void theProtocolPackageAnswersOnlyDiscoveryAndServiceCalls() {
        methods().that(HANDLERS).and().areDeclaredInClassesThat().resideInAPackage("org.inocds.cdshooks..")
                .should(new ArchCondition<JavaMethod>("be mapped to /cds-services or /cds-services/{id} only") {
                    @Override
                    public void check(JavaMethod method, ConditionEvents events) {
                        boolean ok = paths(method).stream().allMatch(p -> p.equals("/cds-services") || p.equals("/cds-services/{id}"));
                        events.add(new SimpleConditionEvent(method, ok, method.getFullName() + " is mapped to " + paths(method)));
                    }
                }).check(MAIN);
    }

    @Test
    void theClosedMembersOfTheWireShapesAreEnums() {
        Set<String> closed = Set.of("indicator", "selectionBehavior", "type", "outcome");
        fields().that().areDeclaredInClassesThat().resideInAPackage("org.inocds.protocol..")
                .and(DescribedPredicate.describe("named " + closed, (JavaField f) -> closed.contains(f.getName())))
                .should(new ArchCondition<JavaField>("be of an enum type") {
                    @Override
                    public void check(JavaField field, ConditionEvents events) {
                        boolean isEnum = field.getRawType().isEnum();
                        events.add(new SimpleConditionEvent(field, isEnum, field.getFullName() + " is " + field.getRawType().getName()));
                    }
                }).check(MAIN);
    }

    @Test
    void theProtocolPackageIsWireShapesOnly() {
        noClasses().that().resideInAPackage("org.inocds.protocol..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("org.inocds..")
                        .and(JavaClass.Predicates.resideOutsideOfPackage("org.inocds.protocol..")))
                .orShould().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.servlet..")
                .because("the wire shapes are what a client sends and receives (Jackson and Bean Validation), read by cards, cdshooks and feedback")
                .check(MAIN);
    }

    /** Main sources that may still write a page in Java, each with the reason; this list may only shrink. */
    private static final Set<String> HTML_IN_JAVA_FOR_NOW = Set.of();

    @Test
    void noMainSourceWritesAPageInAString() throws IOException {
        Path main = Path.of("src/main/java/org/inocds");
        List<String> writers;
        try (Stream<Path> files = Files.walk(main)) {
            writers = files.filter(f -> f.toString().endsWith(".java")).filter(f -> {
                try {
                    String source = Files.readString(f, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
                    return source.contains("<html") || source.contains("<!doctype");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).map(f -> main.relativize(f).toString().replace('\\', '/')).sorted().toList();
        }
        assertThat(writers).as("pages are templates (src/main/resources/templates), escaped by the engine").isSubsetOf(HTML_IN_JAVA_FOR_NOW);
    }
}
