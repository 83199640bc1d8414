package io.rekindle.kpi;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The KPI dashboard: a static page (src/main/resources/static/dashboard) over GET /api/kpis/journeys and /api/kpis. */
@Controller
class DashboardController {

    @GetMapping("/dashboard")
    String dashboard() {
        return "redirect:/dashboard/index.html";
    }
}
