/*
 * Placeholder for the mentor dashboard workspace (issue 21): the real gadget replaces this file.
 * The bot publishes it as User:<Bot>/mentor-dashboard.js, with the token below replaced by its
 * configuration (docs/GADGET.md). It does nothing.
 */
( function () {
	'use strict';
	var config = /*@mentor-dashboard-config@*/null;
	window.mentorDashboardConfig = config;
}() );
