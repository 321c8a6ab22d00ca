#include "cli.h"
int cli_report(const char *store, int argc, char **argv)
{
	(void)store; (void)argc; (void)argv;
	return cli_usage_error("report: %s", "coming in this change");
}
int cli_topics(const char *store, int argc, char **argv)
{
	(void)store; (void)argc; (void)argv;
	return cli_usage_error("topics: %s", "coming in this change");
}
int cli_entities(const char *store, int argc, char **argv)
{
	(void)store; (void)argc; (void)argv;
	return cli_usage_error("entities: %s", "coming in this change");
}
