"""Reads of the reports app: the compliance report, structure counts in SQL, dashboards, the home page."""

from apps.reports.selectors.compliance import (
    compliance_report_build,
    finding_dict,
    quota_dict,
    report_timestamp,
)
from apps.reports.selectors.dashboards import (
    Figures,
    dashboard_cache_fill,
    dashboard_data,
    default_term,
    subtree_summary_totals,
)
from apps.reports.selectors.home import (
    Retiring,
    ReviewDue,
    StatusRow,
    lists_by_status,
    retiring_soon,
    reviews_due,
)
from apps.reports.selectors.queue import QueueRow, approval_queue, lists_review_due, lists_with_errors
from apps.reports.selectors.structure import (
    list_structure_counts,
    people_per_list,
    report_list_order,
    subtree_structure_totals,
    young_age_limit_expression,
    young_q,
)

__all__ = [
    "QueueRow",
    "approval_queue",
    "lists_review_due",
    "lists_with_errors",
    "Figures",
    "dashboard_cache_fill",
    "Retiring",
    "ReviewDue",
    "StatusRow",
    "compliance_report_build",
    "dashboard_data",
    "default_term",
    "finding_dict",
    "list_structure_counts",
    "lists_by_status",
    "people_per_list",
    "quota_dict",
    "report_list_order",
    "report_timestamp",
    "retiring_soon",
    "reviews_due",
    "subtree_structure_totals",
    "subtree_summary_totals",
    "young_age_limit_expression",
    "young_q",
]
