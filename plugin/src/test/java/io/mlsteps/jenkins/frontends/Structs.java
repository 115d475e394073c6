package io.mlsteps.jenkins.frontends;

import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Jenkins' structs plugin does with a Pipeline step's named arguments (DescribableModel.instantiate and its
 * coerce): the {@code @DataBoundConstructor} gets its parameters by name, every other argument goes to its
 * {@code @DataBoundSetter}; each value is first coerced by Groovy's own {@code CachedClass.coerceArgument} (numbers
 * to the parameter's number type), a GString becomes a String, lists are coerced item by item, a value of the
 * parameter's type (a Map for a Map) passes as it is, a map for any other type is a nested describable, and a
 * string is parsed into a number, boolean or enum. Unknown arguments are errors, as with strict checking.
 */
final class Structs {
    private final ClassLoader groovy;

    Structs(ClassLoader groovy) {
        this.groovy = groovy;
    }

    <T> T instantiate(Class<T> type, Map<String, ?> arguments) throws Exception {
        Constructor<?> constructor = null;
        for (Constructor<?> c : type.getConstructors()) {
            if (c.isAnnotationPresent(DataBoundConstructor.class)) {
                constructor = c;
            }
        }
        if (constructor == null) {
            throw new IllegalStateException(type + " has no @DataBoundConstructor");
        }
        Set<String> used = new HashSet<>();
        Parameter[] parameters = constructor.getParameters();
        Object[] values = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            String name = parameters[i].getName();
            used.add(name);
            values[i] = coerce(parameters[i].getParameterizedType(), arguments.get(name));
        }
        T object = type.cast(constructor.newInstance(values));
        for (Map.Entry<String, ?> e : arguments.entrySet()) {
            if (used.contains(e.getKey())) {
                continue;
            }
            Method setter = setter(type, e.getKey());
            setter.invoke(object, coerce(setter.getGenericParameterTypes()[0], e.getValue()));
        }
        return object;
    }

    private static Method setter(Class<?> type, String name) {
        String method = "set" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (Method m : type.getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == 1 && m.isAnnotationPresent(DataBoundSetter.class)) {
                return m;
            }
        }
        throw new IllegalArgumentException("Unknown parameter(s) found for class type '" + type.getName() + "': " + name);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    Object coerce(Type type, Object o) throws Exception {
        Class<?> erased = erasure(type);
        if (type instanceof Class) {
            o = groovyCoerce(erased, o);
        }
        if (o != null && Class.forName("groovy.lang.GString", false, groovy).isInstance(o)) {
            o = o.toString();
        }
        if (o instanceof List<?> list && Collection.class.isAssignableFrom(erased)) {
            Type item = type instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
            List<Object> coerced = new ArrayList<>();
            for (Object element : list) {
                coerced.add(coerce(item, element));
            }
            return coerced;
        }
        if (wrap(erased).isInstance(o) || o == null) {
            return o;
        }
        if (o instanceof Map<?, ?> map) {
            return instantiate(erased, (Map<String, ?>) map);
        }
        if (o instanceof String s && erased.isEnum()) {
            return Enum.valueOf((Class) erased, s);
        }
        if (o instanceof String s && Number.class.isAssignableFrom(wrap(erased))) {
            Class<?> n = wrap(erased);
            return n == Integer.class ? Integer.valueOf(s) : n == Long.class ? Long.valueOf(s) : Double.valueOf(s);
        }
        if (o instanceof String s && wrap(erased) == Boolean.class) {
            return Boolean.valueOf(s);
        }
        throw new ClassCastException(erased.getName() + " expects " + type + " but received " + o.getClass());
    }

    /** Groovy's ReflectionCache.getCachedClass(type).coerceArgument(value), as structs calls it. */
    private Object groovyCoerce(Class<?> type, Object value) throws Exception {
        Class<?> cache = Class.forName("org.codehaus.groovy.reflection.ReflectionCache", true, groovy);
        Object cached = cache.getMethod("getCachedClass", Class.class).invoke(null, type);
        Class<?> cachedClass = Class.forName("org.codehaus.groovy.reflection.CachedClass", true, groovy);
        return cachedClass.getMethod("coerceArgument", Object.class).invoke(cached, value);
    }

    private static Class<?> erasure(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    private static Class<?> wrap(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        return c == int.class ? Integer.class : c == long.class ? Long.class : c == double.class ? Double.class
                : c == boolean.class ? Boolean.class : c;
    }
}
