import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { catalog } from '@errata/conformance';
import express from 'express';
import WebSocket from 'ws';
import { errata } from './errata';

/** The first frame of a connection to `url`, and its close. */
function firstFrame(url: string): Promise<{ frame: string; close: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    let frame = '';
    ws.once('message', (data: Buffer) => {
      frame = data.toString();
      ws.close();
    });
    ws.on('close', (close) => resolve({ frame, close }));
    ws.on('error', reject);
  });
}

describe('e.websocket', () => {
  it('serves several paths through one upgrade listener, and keeps the inbound request id', async () => {
    const e = errata({ catalog, onError: () => {} });
    const server = http.createServer(express());
    e.websocket(server, { path: '/a', open: (socket) => socket.send('hello', 'a') });
    e.websocket(server, { path: '/b', open: (socket) => socket.send('hello', socket.requestId) });
    expect(server.listenerCount('upgrade')).toBe(1);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(JSON.parse((await firstFrame(`${base}/a?x=1`)).frame).data).toBe('a');
      const b = await new Promise<string>((resolve, reject) => {
        const ws = new WebSocket(`${base}/b`, { headers: { 'x-request-id': 'trace-9' } });
        ws.once('message', (data: Buffer) => {
          resolve(JSON.parse(data.toString()).data);
          ws.close();
        });
        ws.on('error', reject);
      });
      expect(b).toBe('trace-9');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('leaves upgrades to other paths to another upgrade listener when there is one', async () => {
    const e = errata({ catalog, onError: () => {} });
    const server = http.createServer(express());
    e.websocket(server, { path: '/mine', open: () => {} });
    const others: string[] = [];
    server.on('upgrade', (req, socket) => {
      if (req.url !== '/mine') {
        others.push(req.url ?? '');
        socket.end("HTTP/1.1 418 I'm a Teapot\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/theirs`;
    try {
      const status = await new Promise<number>((resolve) => {
        const ws = new WebSocket(url);
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('error', () => {});
      });
      expect(status).toBe(418);
      expect(others).toEqual(['/theirs']);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
