import {
  runBodyConformance,
  runConformance,
  runTargetConformance,
  runValidationConformance,
} from '@errata/conformance';
import express from 'express';
import express4 from 'express4';
import { type ExpressModule, startExpressFixture } from '../test/fixture-app';

const versions: [string, ExpressModule][] = [
  ['express 5', express],
  ['express 4', express4 as unknown as ExpressModule],
];

for (const [name, expressModule] of versions) {
  const adapter = {
    name,
    start: (options: Parameters<typeof startExpressFixture>[1]) => startExpressFixture(expressModule, options),
  };
  runConformance(adapter);
  runValidationConformance(adapter);
  runTargetConformance(adapter);
  runBodyConformance(adapter);
}
