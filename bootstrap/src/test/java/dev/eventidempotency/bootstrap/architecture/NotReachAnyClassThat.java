package dev.eventidempotency.bootstrap.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * A class must not reach a forbidden type, neither itself nor through any class it uses, however
 * deep: what a handler calls runs in the handler's transaction as much as the handler does. Each
 * dependency on a forbidden type is one violation, named with the dependency that makes it.
 */
final class NotReachAnyClassThat extends ArchCondition<JavaClass> {

    private final DescribedPredicate<JavaClass> forbidden;

    NotReachAnyClassThat(DescribedPredicate<JavaClass> forbidden) {
        super("not reach " + forbidden.getDescription() + ", directly or through any class it uses");
        this.forbidden = forbidden;
    }

    @Override
    public void check(JavaClass origin, ConditionEvents events) {
        for (Dependency dependency : origin.getTransitiveDependenciesFromSelf()) {
            if (forbidden.test(dependency.getTargetClass())) {
                events.add(SimpleConditionEvent.violated(dependency,
                        origin.getDescription() + " reaches " + forbidden.getDescription() + ": "
                                + dependency.getDescription()));
            }
        }
    }
}
