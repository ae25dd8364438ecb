package org.inocds.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The error answers registered at zero are all the answers a {@link CdsHttpException} can give. */
class CdsErrorHandlerTest {

    @Test
    void everyKindOfCdsHttpExceptionIsAmongTheAnswersRegisteredAtZero() throws ReflectiveOperationException {
        Class<?>[] kinds = CdsHttpException.class.getPermittedSubclasses();
        assertThat(kinds).isNotEmpty();
        for (Class<?> kind : kinds) {
            Constructor<?> constructor = kind.getConstructors()[0];
            Object[] args = new Object[constructor.getParameterCount()];
            for (int i = 0; i < args.length; i++) {
                args[i] = constructor.getParameterTypes()[i] == long.class ? 1L : "x";
            }
            CdsHttpException e = (CdsHttpException) constructor.newInstance(args);
            assertThat(CdsErrorHandler.ANSWERS).as(kind.getSimpleName()).contains(Map.entry(e.status(), e.issueType()));
        }
    }
}
