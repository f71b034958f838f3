package io.botgrid.bots.plugins.internal;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * The class loader of one plugin version: its own jar first, so two versions (or a plugin and the node) may carry
 * different versions of one library; the JDK and the handler SPI ({@code io.botgrid.bots}) always from the parent,
 * so the handler's types are the node's types.
 */
final class ChildFirstLoader extends URLClassLoader {
    static {
        ClassLoader.registerAsParallelCapable();
    }

    private static final String SPI = "io.botgrid.bots.";

    ChildFirstLoader(String name, URL jar, ClassLoader parent) {
        super(name, new URL[] {jar}, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (parentFirst(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                try {
                    c = findClass(name);
                } catch (ClassNotFoundException notHere) {
                    c = getParent().loadClass(name);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : super.getResource(name);
    }

    /** The JDK's classes and the SPI's (its own package, not its sub-packages) come from the parent. */
    private static boolean parentFirst(String name) {
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
                || name.startsWith("sun.") || name.startsWith(SPI) && name.indexOf('.', SPI.length()) < 0;
    }
}
