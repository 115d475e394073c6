package org.springframework.security.core;

import java.io.Serializable;
import java.security.Principal;

/** Spring Security's Authentication, reduced to the type (the plugin only passes ACL.SYSTEM2 on). */
public interface Authentication extends Principal, Serializable {
}
